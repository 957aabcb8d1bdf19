using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// sync(2) between a failed write and fsync (docs/eras.md section 15): before 4.13 in the model
/// the sync's integrity wait takes the error and the fsync returns 0 (found, minimized to a trace
/// in which the sync runs between the write and the fsync, and replayed); from 4.13 no schedule
/// loses it.
/// </summary>
public sealed class IoErrorSyncThenFsyncTests
{
    private static RaceScenario Scenario(KernelEra era) =>
        ScenarioCatalog.Create(IoErrorSyncThenFsync.ScenarioName, ScenarioOptions.Default with { Era = era });

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    public void Before_4_13_a_sync_between_the_failed_write_and_fsync_takes_the_error(KernelEra era)
    {
        var scenario = Scenario(era);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 500, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, IoErrorSyncThenFsync.Invariant), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("the first fsync of", found.Bug.Message);
        Assert.EndsWith("returned 0, expected -EIO", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Contains(minimized.Steps, s => s.ThreadName == "sync");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_13_no_schedule_loses_the_error_to_sync(KernelEra era)
    {
        // The era table's own check of a cell that holds: a stateful DFS with preemption bound 2 over the proof configuration, to the end.
        var cell = CellCheck.Run(IoErrorSyncThenFsync.ScenarioName, era);

        Assert.True(cell.Matches, cell.Problem);
        Assert.Null(cell.Bug);
    }
}
