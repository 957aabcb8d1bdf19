namespace Wbcheck.Conformance.Differential;

/// <summary>
/// What checking one function gave: cases run, events compared, cases whose difference a recorded
/// abstraction explains (by row), and the shrunk divergence if one was found.
/// </summary>
public sealed record ConformanceReport(
    ConformanceTarget Target,
    int Cases,
    long EventsCompared,
    IReadOnlyDictionary<string, int> Tolerated,
    ConformanceDivergence? Divergence)
{
    /// <summary>The functions compiled from the kernel's source, the target's own first.</summary>
    public IReadOnlyList<string> Compiled { get; init; } = Target.CompiledFunctions;

    /// <summary>The helpers that were the shim's stand-ins in this run.</summary>
    public IReadOnlyList<string> StandIns { get; init; } = Target.StandIns;

    /// <summary>Where the functions were read from.</summary>
    public string? Source { get; init; }
}
