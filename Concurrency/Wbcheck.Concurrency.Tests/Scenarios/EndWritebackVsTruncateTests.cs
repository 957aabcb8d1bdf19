using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The end of writeback against truncate freeing the page and another file reusing it: the
/// reference folio_end_writeback holds across the wake-up (6.9) is what keeps the search from
/// finding a use-after-free; without it the detector catches the touch, names who freed the
/// page, and the minimized trace is the race and nothing else.
/// </summary>
public sealed class EndWritebackVsTruncateTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(EndWritebackVsTruncate.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None });

    [Fact]
    public void With_the_reference_held_across_the_wake_up_no_schedule_touches_a_freed_page()
    {
        var report = TestingEngine.Run(Scenario(KernelEra.V6_9), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Fact]
    public void Dropping_the_reference_folio_end_writeback_holds_is_caught_as_a_use_after_free_with_a_minimal_trace()
    {
        var scenario = Scenario(KernelEra.V6_9, new Faults { EndWritebackTakesNoReference = true });

        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, UseAfterFree.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("folio_wake_bit touched page 0", found.Bug.Message);
        Assert.Contains("T1(truncate) in", found.Bug.Message);

        // The race: writeback submits the page, the I/O ends its writeback, truncate removes and
        // frees it (the other file may get it), and the wake-up after it is the last step.
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Steps.Count <= found.Steps.Count);
        Assert.True(minimized.Steps.Count <= 20, $"{minimized.Steps.Count} steps");
        Assert.Equal("folio_wake_bit(0)", minimized.Steps[^1].Label.ToString());
        Assert.Contains(minimized.Steps, s => s.ThreadName == "truncate" && s.Label.ToString() is "delete_from_page_cache_batch(0)" or "filemap_remove_folio(0)");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Fact]
    public void Before_4_10_the_wake_up_touches_no_page_state_and_the_search_finds_nothing()
    {
        var report = TestingEngine.Run(Scenario(KernelEra.V3_19), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }
}
