using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A page pinned by get_user_pages and dirtied against writeback and kswapd: dirtied with the
/// page lock, as the eras' callers did, no schedule frees it dirty. Dirtied with no page lock (the
/// caller __remove_mapping's comment describes, Faults.GupDirtiesWithoutPageLock), only reclaim's
/// PG_dirty check after freezing the references keeps the page: a reclaim without that check
/// frees it with the device's data in it, caught with a short trace that replays: from 4.1 by the
/// kernel's own warning in filemap_unaccount_folio, before by the truncate/reclaim check that no
/// page leaves the cache dirty. On 6.9 the unlocked dirtying also meets the flush kswapd's
/// wake-up asks for between its flag and its tag (tag/flag coherence).
/// </summary>
public sealed class GupDirtyVsReclaimTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(GupDirtyVsReclaim.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void With_the_recheck_no_schedule_frees_the_page_the_device_dirtied(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// On 6.9 kswapd's wake-up of the flushers (a batch of one unqueued dirty page) has the
    /// flusher run a flush of everything after its pass (WB_start_all): with the device's
    /// set_page_dirty taking no page lock, it cleans and writes the page between the device's
    /// PG_dirty and its DIRTY tag, so the tag lands on a clean page. The page lock the era's
    /// callers take (the test above) closes that window.
    /// </summary>
    [Fact]
    public void On_6_9_an_unlocked_dirtying_meets_the_flush_the_wake_up_asks_for_between_flag_and_tag()
    {
        var scenario = Scenario(KernelEra.V6_9, new Faults { GupDirtiesWithoutPageLock = true });

        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.True((BugKind.SafetyMonitor, TagFlagCoherence.Name) == (found.Bug.Kind, found.Bug.Source), $"{found.Bug.Kind} {found.Bug.Source}: {found.Bug.Message}");
        Assert.Contains("DIRTY tag set but PG_dirty clear", found.Bug.Message);
        Assert.Contains(found.Steps, step => step.ThreadName == "flusher");
        var minimized = TestingEngine.Minimize(scenario, found);
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }

    [Theory]
    [InlineData(KernelEra.V6_9, BugKind.ModelAssertion, "filemap_unaccount_folio", "WARN_ON_ONCE: page 0 removed from the page cache while dirty: unwritten data lost")]
    [InlineData(KernelEra.V2_6_20, BugKind.SafetyMonitor, TruncateMonitor.Name, "page 0 left mapping of inode 1 while dirty")]
    public void Reclaim_without_the_recheck_frees_the_page_with_the_device_data(KernelEra era, BugKind kind, string source, string message)
    {
        var scenario = Scenario(era, new Faults { GupDirtiesWithoutPageLock = true, ReclaimSkipsDirtyRecheck = true });

        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.True((kind, source) == (found.Bug.Kind, found.Bug.Source), $"{found.Bug.Kind} {found.Bug.Source}: {found.Bug.Message}");
        Assert.Contains(message, found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        Assert.True(minimized.Trace.Steps.Count <= 20, $"{minimized.Trace.Steps.Count} steps");
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }
}
