namespace Wbcheck.Concurrency.Scenarios;

/// <summary>The race scenarios by name, in the order of the issue that specified them.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<string> Names { get; } =
    [
        FsyncVsDirtier.ScenarioName,
        FsyncVsTruncate.ScenarioName,
        BackgroundVsReclaimTruncate.ScenarioName,
        CyclicWrapDeadlock.ScenarioName,
        ReclaimWriteout.IgrabName,
        ReclaimWriteout.PinnedName,
        WriteFaultVsTruncate.ScenarioName,
        IoErrorThenFsync.ScenarioName,
    ];

    /// <summary>The scenario called <paramref name="name"/>, built with <paramref name="options"/>.</summary>
    public static RaceScenario Create(string name, ScenarioOptions options) => name switch
    {
        FsyncVsDirtier.ScenarioName => new FsyncVsDirtier(options),
        FsyncVsTruncate.ScenarioName => new FsyncVsTruncate(options),
        BackgroundVsReclaimTruncate.ScenarioName => new BackgroundVsReclaimTruncate(options),
        CyclicWrapDeadlock.ScenarioName => new CyclicWrapDeadlock(options),
        ReclaimWriteout.IgrabName => new ReclaimWriteout(options, pinWithIgrab: true),
        ReclaimWriteout.PinnedName => new ReclaimWriteout(options, pinWithIgrab: false),
        WriteFaultVsTruncate.ScenarioName => new WriteFaultVsTruncate(options),
        IoErrorThenFsync.ScenarioName => new IoErrorThenFsync(options),
        _ => throw new ArgumentException($"unknown scenario '{name}'; known scenarios: {string.Join(", ", Names)}"),
    };
}
