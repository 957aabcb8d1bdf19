using System.Diagnostics;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Throttle;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Throttle;

/// <summary>
/// A dirtier on a strictlimit disk against fsync and the flusher (strictlimit-dirtier-vs-fsync):
/// it holds from 4.13; on 3.19 the throttled dirtier meets bdi_update_dirty_ratelimit's undefined
/// shift (the era table's row); a loop that ignores strictlimit lets the disk's dirty pages past
/// its share before the machine's own throttle cuts in, caught with a minimized trace that replays;
/// a flusher without the per-disk background test (before 3.2) leaves the held dirtier held.
/// </summary>
public sealed class StrictlimitDirtierVsFsyncTests(ITestOutputHelper output)
{
    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(StrictlimitDirtierVsFsync.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None });

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_13_the_disk_s_share_holds_its_dirtier_in_every_schedule_tried(KernelEra era)
    {
        var watch = Stopwatch.StartNew();
        var report = TestingEngine.Run(Scenario(era), RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 100, Seed = 7 });
        output.WriteLine($"{report.Summary()} in {watch.ElapsedMilliseconds} ms");

        Assert.False(report.FoundBug, report.Summary());
    }

    [Fact]
    public void On_3_19_the_throttled_dirtier_meets_the_undefined_shift()
    {
        var scenario = Scenario(KernelEra.V3_19);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.KernelArithmetic, "bdi_update_dirty_ratelimit"), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("bdi_update_dirty_ratelimit: shift out of bounds", found.Bug.Message);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_loop_that_ignores_strictlimit_is_caught_with_a_minimized_trace(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { StrictlimitIgnored = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, StrictlimitOvershoot.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("the strictlimit disk's 25 dirty and writeback page(s) exceed its share (wb_thresh 0, wb_stat_error 8) by more than ratelimit_pages 16", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        output.WriteLine($"found {found.Steps.Count} steps, {found.Preemptions} preemptions; minimized {minimized.Steps.Count} steps, {minimized.Preemptions} preemptions");
        Assert.True(minimized.Bug.IsSameBugAs(found.Bug), $"{minimized.Bug} is not {found.Bug}");
        Assert.True(minimized.Preemptions == 0, $"{minimized.Preemptions} preemptions");
        Assert.True(minimized.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    /// <summary>
    /// The machine is under its background threshold (20) when the dirtier is first held (16
    /// pages), so only the flusher's per-disk test (b00949aa2df9, 3.2) writes the disk: without
    /// it the woken flusher finds nothing to do, no page completes, the disk's share stays 0 and
    /// the dirtier sleeps max_pause after max_pause (docs/eras.md section 98). When fsync runs
    /// after the dirtier's pages are dirty it writes them and releases the dirtier, so the run
    /// needs a schedule in which fsync looks first; PCT's first schedule with seed 7 is one.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_flusher_without_the_per_disk_background_test_leaves_the_dirtier_held(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { FlusherIgnoresDiskBackgroundShare = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 20, Seed = 7 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal(BugKind.MaxStepsExceeded, found.Bug.Kind);
        Assert.Contains("io_schedule_timeout", found.Bug.Message);
    }
}
