using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// sync(2) after background writeout left a file it cannot write on b_io (docs/flusher-loop.md,
/// "A sync work that walked only what b_io held"; docs/eras.md section 49): on the 6.9 era sync's
/// work walks that file without progress and ends before it queues the file written before the
/// sync, until d92109891f21 (6.10); on 4.17 and 4.20 the failed page is not counted either, until
/// 3fa750dcf29e (5.0). Found, minimized to a trace in which the process writes after background
/// writeout has queued, and replayed; no schedule loses it on 6.10, 5.0 or 4.13.
/// </summary>
public sealed class SyncVsBackgroundBIoTests
{
    private static RaceScenario Scenario(KernelEra era) =>
        ScenarioCatalog.Create(SyncVsBackgroundBIo.ScenarioName, ScenarioOptions.Default with { Era = era });

    [Theory]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    public void Sync_s_work_ends_on_the_file_left_on_b_io_before_it_queues_the_written_one(KernelEra era) =>
        AssertLossFoundMinimizedAndReplayed(era);

    /// <summary>
    /// Before 2.6.29 the loss has another road: sync's WB_SYNC_HOLD pass writes the third file and
    /// holds it on the dirty list, background writeout's walk finds it there, clean, and takes it off
    /// the lists, and sync's WB_SYNC_ALL pass never waits on its page.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    public void Before_2_6_29_background_writeout_takes_the_held_file_off_the_lists_and_sync_does_not_wait_on_it(KernelEra era) =>
        AssertLossFoundMinimizedAndReplayed(era);

    /// <summary>From 2.6.29 sync's WB_SYNC_ALL pass waits on every inode with pages (Piggin's "fs: sync_sb_inodes fix"), and each of its walks refills s_io.</summary>
    [Fact]
    public void On_2_6_29_sync_waits_on_every_inode_and_writes_the_file_written_before_it()
    {
        var cell = CellCheck.Run(SyncVsBackgroundBIo.ScenarioName, KernelEra.V2_6_29);

        Assert.True(cell.Matches, cell.Problem);
        Assert.Null(cell.Bug);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_10)]
    public void Sync_writes_the_file_written_before_it_on_4_13_5_0_and_from_6_10(KernelEra era)
    {
        // The era table's own check of a cell that holds: a stateful DFS with preemption bound 2 over the proof configuration, to the end.
        var cell = CellCheck.Run(SyncVsBackgroundBIo.ScenarioName, era);

        Assert.True(cell.Matches, cell.Problem);
        Assert.Null(cell.Bug);
    }

    /// <summary>PCT finds the loss within 300 schedules, and its minimized trace, in which background writeout runs, replays from file.</summary>
    private static void AssertLossFoundMinimizedAndReplayed(KernelEra era)
    {
        var scenario = Scenario(era);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 300, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, SyncVsBackgroundBIo.Invariant), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("sync(2) returned, but page 0 of inode 3", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Contains(minimized.Steps, s => s.ThreadName == "background writeout");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }
}
