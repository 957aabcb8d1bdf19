using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// nowritepage-vs-kswapd: kswapd against a writer's write and fsync on a filesystem without
/// -&gt;writepage. kswapd's pageout activates the dirty page unwritten (PAGE_ACTIVATE, before
/// clear_page_dirty_for_io), and fsync writes it. With pageout cleaning the page before its test
/// (<see cref="Faults.PageoutCleansBeforeWritepageTest"/>), the page is activated clean and
/// unwritten, its DIRTY tag left on a clean page (reported by the tag/flag coherence check, the
/// first sign of the data fsync will not write): found in every era whose kswapd reaches pageout
/// with the page, which shows the scenario reaches the path, from 2.6.20's kswapd that writes at
/// once to 6.9's that writes only a page it meets twice on a node flagged dirty.
/// </summary>
public sealed class NoWritepageVsKswapdTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        PreemptionBound = 2,
        Stateful = true,
        Iterations = 100_000,
    };

    private static RaceScenario Scenario(KernelEra era, Faults faults) =>
        ScenarioCatalog.Create(NoWritepageVsKswapd.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Pageout_that_cleans_before_its_writepage_test_loses_the_page_fsync_should_write(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { PageoutCleansBeforeWritepageTest = true });
        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        // Cleaned and not written, the page keeps the DIRTY tag only set_page_writeback clears:
        // the coherence check sees it at once, before fsync's walk would miss the page.
        Assert.Equal(TagFlagCoherence.Name, found.Bug.Source);
        var minimized = TestingEngine.Minimize(scenario, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Without_the_fault_no_schedule_finds_a_bug(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era, Faults.None), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }
}
