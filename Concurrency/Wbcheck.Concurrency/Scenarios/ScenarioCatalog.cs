using Wbcheck.Concurrency.Traces;

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

    /// <summary>
    /// The scenario <paramref name="trace"/> was recorded from, rebuilt from the program name and
    /// parameters the trace holds; <paramref name="source"/> names the trace in messages.
    /// </summary>
    /// <exception cref="TraceLoadException">The trace names no scenario of this build, or parameters it cannot have.</exception>
    public static RaceScenario ForTrace(BugTrace trace, string source = "trace")
    {
        if (!Names.Contains(trace.Program))
        {
            throw new TraceLoadException(
                $"cannot use trace '{source}': it was recorded from '{trace.Program}', which is not a race scenario of this " +
                $"build (known scenarios: {string.Join(", ", Names)})");
        }

        ScenarioOptions options;
        try
        {
            options = ScenarioOptions.FromParameters(trace.Parameters);
        }
        catch (ArgumentException exception)
        {
            throw new TraceLoadException($"cannot use trace '{source}': {exception.Message}; restore the original file or record the trace again");
        }

        var scenario = Create(trace.Program, options);
        trace.CheckMatches(scenario, source);
        return scenario;
    }
}
