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
/// writeout has queued, and replayed. That no schedule loses it where it holds (2.6.29, where
/// sync's WB_SYNC_ALL pass waits on every inode with pages, Piggin's "fs: sync_sb_inodes fix",
/// and each of its walks refills s_io; 4.13; 5.0; 6.10) is the era table's own check of those
/// cells, <c>EraTableTests.A_cell_that_holds_yields_nothing</c>, which runs the same
/// <see cref="CellCheck"/> on every holding cell.
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

    /// <summary>
    /// On a fresh disk (<see cref="ScenarioOptions.FreshDisk"/>; docs/eras.md section 109) the
    /// flusher's per-disk background test (3.19 on) finds the disk over its share of 0, so the
    /// flusher's own wb_workfn may start the background pass beside sync, the case the matrix's
    /// written disk no longer reaches (section 103). 6.10 holds there too: the whole stateful DFS
    /// at preemption bound 2 (45,454 schedules; 14,220 on the written disk).
    /// </summary>
    [Fact]
    public void On_a_fresh_disk_6_10_holds_with_the_flusher_s_own_background_pass()
    {
        var scenario = ScenarioCatalog.Create(SyncVsBackgroundBIo.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V6_10, FreshDisk = true });

        var report = TestingEngine.Run(scenario, FreshDiskDfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// On a fresh disk 4.17 and 6.9 still lose the page, and the background writer of the
    /// minimized trace may be the flusher's own wb_workfn, not only the queued work's thread: with
    /// this seed, 6.9's is wb_workfn (the written disk's is the queued work's, as above), 4.17's
    /// the queued work's.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_17, "background writeout")]
    [InlineData(KernelEra.V6_9, "pdflush wb_workfn")]
    public void On_a_fresh_disk_the_loss_is_found_with_either_background_writer(KernelEra era, string backgroundWriter)
    {
        var scenario = ScenarioCatalog.Create(SyncVsBackgroundBIo.ScenarioName, ScenarioOptions.Default with { Era = era, FreshDisk = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 300, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, SyncVsBackgroundBIo.Invariant), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("sync(2) returned, but page 0 of inode 3", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Contains(minimized.Steps, s => s.ThreadName is "background writeout" or "pdflush wb_workfn");
        Assert.Contains(minimized.Steps, s => s.ThreadName == backgroundWriter);
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    private static readonly TestingConfiguration FreshDiskDfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 100_000 };

    /// <summary>
    /// PCT finds the loss within 300 schedules, and its minimized trace, in which background
    /// writeout runs, replays from file. Background writeout is the queued work's thread: the
    /// scenario's disk has written before (docs/eras.md section 103), so the flusher's own
    /// wb_workfn, whose per-disk background test would start a pass on a fresh disk from 3.19
    /// (section 98), finds the disk under its share and leaves the pass to the work.
    /// </summary>
    private static void AssertLossFoundMinimizedAndReplayed(KernelEra era)
    {
        var scenario = Scenario(era);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 300, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, SyncVsBackgroundBIo.Invariant), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("sync(2) returned, but page 0 of inode 3", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Contains(minimized.Steps, s => s.ThreadName is "background writeout");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }
}
