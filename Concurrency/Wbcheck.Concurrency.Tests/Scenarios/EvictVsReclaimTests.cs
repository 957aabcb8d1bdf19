using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// Eviction against reclaim: the final truncate waits for the pages reclaim holds, so no
/// schedule leaves a page in the mapping of an evicted inode; an eviction that skips the pages it
/// cannot lock at once (invalidate_mapping_pages instead of truncate) is caught by clear_inode's
/// BUG_ON(nrpages) with a short trace that replays.
/// </summary>
public sealed class EvictVsReclaimTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 1, Iterations = 100_000 };

    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(EvictVsReclaim.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void With_the_final_truncate_no_schedule_leaves_a_page_behind(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Fact]
    public void An_eviction_that_skips_the_pages_reclaim_holds_leaves_them_in_the_mapping()
    {
        var scenario = Scenario(KernelEra.V6_9, new Faults { EvictSkipsBusyPages = true });

        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        // clear_inode's BUG_ON(nrpages) fires as the eviction ends (docs/eras.md section 116),
        // before the state check EvictedMappingEmpty would after the step.
        Assert.True((BugKind.ModelAssertion, "clear_inode") == (found.Bug.Kind, found.Bug.Source), found.Bug.Message);
        Assert.Contains("inode 1 still has 1 page(s) (i_data.nrpages)", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found);
        // Fewest preemptions first, which may take more steps than the schedule DFS found (from
        // 4.11 kswapd locks page 1 without writing it the first time it meets it).
        Assert.True(minimized.CountedPreemptions <= minimized.OriginalCountedPreemptions);
        Assert.True(minimized.Trace.Steps.Count <= 20, $"{minimized.Trace.Steps.Count} steps");
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }
}
