namespace Wbcheck.Cli.Bench;

/// <summary>What the memory soak measured.</summary>
/// <param name="Growth">(end - early) / early: within <see cref="Soak.FlatWithin"/> is flat.</param>
internal sealed record SoakResult(string Scenario, int Schedules, int EarlySchedules, long EarlyWorkingSet, long EndWorkingSet, double Growth, double Seconds, int Bugs)
{
    /// <summary>Live managed objects after the early collection, in bytes.</summary>
    public long EarlyManagedHeap { get; init; }

    /// <summary>Live managed objects at the end, in bytes.</summary>
    public long EndManagedHeap { get; init; }

    public bool Flat => Growth <= Soak.FlatWithin;
}
