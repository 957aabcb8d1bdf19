using System.Globalization;
using System.Text.RegularExpressions;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// trylock_page, set_page_dirty / folio_mark_dirty and put_page / folio_put through a stale
/// reference are reported as use-after-free, naming the function that touched the page, the
/// thread and function that freed it, and the step of the trace in which it did (docs/eras.md
/// section 107). Each fault gives up a reference too early; the search finds a schedule in
/// which another thread (or the same, a step earlier) frees the page in between.
/// </summary>
public sealed class StaleReferenceTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

    /// <summary>The gup holder puts its pin, then dirties: kswapd frees the page (the freeze now succeeds) before folio_mark_dirty.</summary>
    [Theory]
    [InlineData(KernelEra.V3_19, "set_page_dirty")]
    [InlineData(KernelEra.V6_9, "folio_mark_dirty")]
    public void Set_page_dirty_through_a_stale_reference_names_the_free(KernelEra era, string toucher) =>
        AssertNamesTheFree(
            GupDirtyVsReclaim.ScenarioName,
            era,
            new Faults { GupDirtiesWithoutPageLock = true, GupPutsBeforeDirtying = true },
            toucher,
            freer: "kswapd");

    /// <summary>Reclaim drops its isolation reference before trylock_page: the final iput's truncate frees the page in between.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, "trylock_page")]
    [InlineData(KernelEra.V6_9, "folio_trylock")]
    public void Trylock_page_through_a_stale_reference_names_the_free(KernelEra era, string toucher) =>
        AssertNamesTheFree(EvictVsReclaim.ScenarioName, era, new Faults { ReclaimPutsBeforeTrylock = true }, toucher, freer: "close");

    /// <summary>Reclaim puts the page again after __remove_mapping's freeze took its reference and the page was freed.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, "put_page")]
    [InlineData(KernelEra.V6_9, "folio_put")]
    public void Put_page_through_a_stale_reference_names_the_free(KernelEra era, string toucher) =>
        AssertNamesTheFree(EvictVsReclaim.ScenarioName, era, new Faults { ReclaimPutsFreedPage = true }, toucher, freer: "kswapd");

    private static void AssertNamesTheFree(string name, KernelEra era, Faults faults, string toucher, string freer)
    {
        var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = true, Faults = faults });
        var report = TestingEngine.Run(scenario, Dfs);
        Assert.True(report.FoundBug, report.Summary());
        var trace = TestingEngine.Minimize(scenario, report.Bugs[0]).Trace;
        Assert.True((BugKind.SafetyMonitor, UseAfterFree.Name) == (trace.Bug.Kind, trace.Bug.Source), trace.Bug.Message);

        var named = Regex.Match(trace.Bug.Message, $@"use-after-free: {toucher} touched .* after T\d+\({freer}\) in (\w+) \(step (\d+)\) freed it");

        Assert.True(named.Success, trace.Bug.Message);
        var step = int.Parse(named.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Equal(freer, trace.Steps[step].ThreadName);
        Assert.True(step < trace.Bug.Step, $"freed in step {step}, touched in step {trace.Bug.Step}");
        TraceFiles.AssertReplaysFromFile(scenario, trace);
    }
}
