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
    ConformanceDivergence? Divergence);
