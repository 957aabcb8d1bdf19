using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// Cgroup writeback in a race (4.13 to 6.9): a memcg's dirtier, throttled by its own wb and
/// cleaned by its own flusher, against a root dirtier and an fsync of the memcg's file. It holds;
/// a flusher that walks every inode of the disk is caught writing the root's inode, and
/// completions credited to the root wb are caught by the per-wb counts, each with a minimized
/// trace that replays.
/// </summary>
public sealed class CgwbDirtierVsFlusherTests
{
    private static RaceScenario Scenario(KernelEra era, Faults? faults = null, bool small = false) =>
        ScenarioCatalog.Create(CgwbDirtierVsFlusher.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None, Small = small });

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void No_schedule_of_up_to_two_preemptions_breaks_a_wbs_counts_its_flushers_isolation_or_fsync(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era, small: true), RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_flusher_that_walks_every_inode_is_caught_writing_the_roots(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { FlusherIgnoresWb = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 1000, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, WbFlusherIsolation.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("the flusher of the wb of memcg job writes inode", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Preemptions == 0, $"{minimized.Preemptions} preemptions");
        Assert.Contains(minimized.Steps, s => s.ThreadName == "flusher job");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Completions_credited_to_the_root_wb_are_caught_by_the_wb_counts(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { CgwbCompletionsToRoot = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 1000, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, WbAccounting.Name), (found.Bug.Kind, found.Bug.Source));
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Preemptions == 0, $"{minimized.Preemptions} preemptions");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Fact]
    public void Before_4_13_the_scenario_is_refused_with_the_reason()
    {
        var refused = Assert.Throws<ArgumentException>(() => Scenario(KernelEra.V3_19));

        Assert.Contains("cgroup writeback", refused.Message);
    }
}
