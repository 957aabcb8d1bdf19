using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// fsync against a transient -ENOMEM from -&gt;writepages: before 4.12 fsync fails (the era table's
/// row, found and replayed); from 4.12 it is retried. A do_writepages that takes the -ENOMEM for
/// success loses the page's write (integrity), and a filesystem that does not redirty the page
/// it gives back leaves it clean but tagged dirty: both are caught with short traces that replay.
/// </summary>
public sealed class FsyncEnomemRetryTests
{
    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(FsyncEnomemRetry.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    public void Before_4_12_fsync_is_failed_by_a_transient_enomem(KernelEra era)
    {
        var scenario = Scenario(era);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, FsyncEnomemRetry.Invariant), (found.Bug.Kind, found.Bug.Source));
        // -ENOMEM itself, or -EIO where the walk turned it into AS_EIO (2.5, 2.6.20) and the flusher met it first.
        Assert.Matches("returned -(ENOMEM|EIO)$", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Preemptions == 0, $"{minimized.Preemptions} preemptions");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_12_no_schedule_fails_fsync_or_loses_a_write(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era), RaceScenario.DefaultConfiguration with { Strategy = "dfs", Iterations = 5_000 });

        Assert.False(report.FoundBug, report.Summary());
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_do_writepages_that_drops_the_enomem_is_caught_losing_the_write(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { DoWritepagesDropsEnomem = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 1000, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, IntegrityMonitor.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("but page 1 was at version", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Preemptions == 0, $"{minimized.Preemptions} preemptions");
        Assert.Contains(minimized.Steps, s => s.ThreadName == "fsync");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void A_filesystem_that_forgets_to_redirty_on_enomem_is_caught_leaving_a_clean_page_tagged(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { SimpleFsForgetsRedirtyOnEnomem = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 1000, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        // The first check to see it: the page clear_page_dirty_for_io cleaned keeps its DIRTY tag
        // unlocked, with nothing under writeback (no silent clean would see the data next).
        Assert.Equal((BugKind.SafetyMonitor, TagFlagCoherence.Name), (found.Bug.Kind, found.Bug.Source));
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(
            minimized.Preemptions < found.Preemptions ||
            (minimized.Preemptions == found.Preemptions && minimized.Steps.Count <= found.Steps.Count));
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }
}
