using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The stable-pages invariant: on 6.9 the write fault waits for the page's writeback on a device
/// that needs stable pages; without the wait (the injected bug), a store changes the page while
/// its bio is in flight, and the invariant says so at that step, with a trace that minimizes to
/// the handful of steps the race needs and replays.
/// </summary>
public sealed class StablePagesScenarioTests
{
    [Fact]
    public void Dropping_the_stable_page_wait_is_caught_with_a_minimal_trace()
    {
        var scenario = ScenarioCatalog.Create(MmapStoreVsWriteback.ScenarioName, ScenarioOptions.Default with
        {
            Era = KernelEra.V6_9,
            Faults = new Faults { NoStablePageWait = true },
        });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 1000, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, StablePages.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("page 0 changed from v", found.Bug.Message);
        Assert.Contains("in flight on a device that needs stable pages", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;

        // flusher: lookup, lock, page_mkclean, TestClearPageDirty, set_page_writeback, submit;
        // writer: start, store, the fault (page_mkwrite's lock, the pte lock), the store again.
        Assert.True(minimized.Steps.Count <= 16, $"{minimized.Steps.Count} steps");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Fact]
    public void With_the_wait_6_9_holds_under_an_exhaustive_search()
    {
        var scenario = ScenarioCatalog.Create(MmapStoreVsWriteback.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V6_9, Small = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 3, Iterations = 200_000 });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }
}
