namespace Wbcheck.Properties.Checking;

/// <summary>
/// A property was falsified. The message holds FsCheck's report (the shrunk counterexample and
/// the exception or label that broke it) and the seed that replays the failing case.
/// </summary>
public sealed class PropertyFailedException(string property, string report, ReplaySeed replay, string counterexample)
    : Exception($"property '{property}' failed\n{report}\nReplay the failing case with seed {replay}")
{
    public string Property { get; } = property;

    public ReplaySeed Replay { get; } = replay;

    /// <summary>The shrunk arguments, as FsCheck prints them.</summary>
    public string Counterexample { get; } = counterexample;

    /// <summary>The cases generated up to the failing one, that one included (FsCheck's count of tests).</summary>
    public int Cases { get; init; }
}
