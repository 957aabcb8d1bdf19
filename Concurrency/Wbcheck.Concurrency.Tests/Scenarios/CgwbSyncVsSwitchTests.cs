using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// sync(2) while inode_switch_wbs moves a dirty file from the root wb to a memcg's wb
/// (docs/cgroup-writeback.md, "sync(2) against a wb switch"): until 7fc5854f8c6e (5.0) the move
/// could land after sync's split and before the root wb's copy walked the file, and sync(2)
/// returned with it dirty. Found, minimized to a trace in which the switch work runs between the
/// split and the root flusher's walk, and replayed; from 5.0 no schedule of the proof loses it.
/// </summary>
public sealed class CgwbSyncVsSwitchTests
{
    private static RaceScenario Scenario(KernelEra era) =>
        ScenarioCatalog.Create(CgwbSyncVsSwitch.ScenarioName, ScenarioOptions.Default with { Era = era });

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_20)]
    public void The_file_that_changes_wb_after_sync_s_split_is_left_dirty_until_7fc5854f8c6e(KernelEra era)
    {
        var scenario = Scenario(era);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 300, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, SyncOwedPages.Invariant), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("sync(2) returned, but page 0 of inode 1", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Contains(minimized.Steps, s => s.ThreadName == "inode_switch_wbs 1");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Theory]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_10)]
    public void From_5_0_no_switch_moves_a_file_while_sync_s_works_run(KernelEra era)
    {
        // The era table's own check of a cell that holds: a stateful DFS with preemption bound 2 over the small form, to the end.
        var cell = CellCheck.Run(CgwbSyncVsSwitch.ScenarioName, era);

        Assert.True(cell.Matches, cell.Problem);
        Assert.Null(cell.Bug);
    }

    [Fact]
    public void On_6_10_no_schedule_of_the_full_form_loses_the_file()
    {
        // The matrix proves the small form (ProofForms); the full form, with job's dirtier and its
        // own copy of sync's work, is proven here once: stateful DFS, bound 2, to the end.
        var scenario = Scenario(KernelEra.V6_10);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with
        {
            Strategy = "dfs",
            PreemptionBound = 2,
            Iterations = CellBudget.Default.SearchLimit,
            Stateful = true,
        });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Theory]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_10)]
    public void A_cgwb_loop_that_does_not_requeue_the_file_the_root_flusher_writes_fails_the_cell(KernelEra era)
    {
        // Faults.NoRequeueIo (requeue_io does nothing) in the cell's own check: the wake-up's flush
        // of the root wb holds the file (I_SYNC, its page still dirty) when the switch moves it to
        // job's wb, whose woken flusher skips it and, not told of more io, ends its loop over the
        // memcg's background threshold.
        var options = ScenarioOptions.Default with { Era = era, Faults = Faults.None with { NoRequeueIo = true } };

        var cell = CellCheck.Run(CgwbSyncVsSwitch.ScenarioName, options, expected: null, CellBudget.Default);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Wbcheck.Concurrency.Traces.BugTrace>(cell.Bug);
        Assert.Equal((BugKind.SafetyMonitor, Wbcheck.Model.Invariants.FlusherLoopMonitor.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("the flusher of the wb of memcg job ended over its background threshold", found.Bug.Message);
        TraceFiles.AssertReplaysFromFile(cell.Program!, TestingEngine.Minimize(cell.Program!, found).Trace);
    }
}
