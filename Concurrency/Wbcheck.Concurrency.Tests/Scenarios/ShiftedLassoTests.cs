using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The kernel's livelocks grow (a writer appends while a walk follows it), so no state comes back;
/// relative to the walk's cursor one may, and the minimizer then reports the livelock as a lasso.
/// </summary>
public sealed class ShiftedLassoTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Pct = RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 };

    /// <summary>
    /// 2.6.29's state holds the floating proportions (lib/proportions.c), booted as
    /// page_writeback_init boots them: a period of 131,072 events on the default machine. Taken in
    /// their exact relative form (ProportionsForm), a state can come back only after whole periods
    /// of completions and dirtyings, far past any lasso search's budget. So no lasso is claimed:
    /// the livelock is reported at the liveness bound and minimized to a trace that replays. (With
    /// the proportions left unbooted, a period of one event that no booted kernel has, it was a
    /// 143-step lasso: docs/search.md, "Lassos and the floating proportions".)
    /// </summary>
    [Fact]
    public void The_fsync_livelock_of_2_6_29_is_reported_at_the_liveness_bound_and_claims_no_lasso()
    {
        var scenario = ScenarioCatalog.Create(FsyncVsDirtier.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V2_6_29 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        var minimized = TestingEngine.Minimize(scenario, found.Bugs[0]);

        var trace = minimized.Trace;
        output.WriteLine($"{found.Bugs[0].Steps.Count} -> {trace.Steps.Count} steps; {trace.Bug.Message}");
        Assert.Equal((BugKind.Livelock, FsyncVsDirtier.LivenessName), (trace.Bug.Kind, trace.Bug.Source));
        Assert.Null(trace.Bug.CycleStart);
        Assert.Contains("stayed hot for", trace.Bug.Message, StringComparison.Ordinal);
        Assert.True(trace.Steps.Count <= found.Bugs[0].Steps.Count, $"{trace.Steps.Count} steps");
        Assert.True(TestingEngine.Replay(scenario, trace).Reproduced);
        Assert.DoesNotContain("the cycle starts here", TimelineRenderer.Render(trace, scenario));
    }

    [Fact]
    public void The_list_eras_fast_dirtier_livelock_minimizes_to_a_lasso_of_one_bio()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        var minimized = TestingEngine.Minimize(scenario, found.Bugs[0]);

        var trace = minimized.Trace;
        output.WriteLine($"{found.Bugs[0].Steps.Count} -> {trace.Steps.Count} steps ({minimized.LassoCandidates} candidates); {trace.Bug.Message}");
        output.WriteLine(string.Join("\n", trace.Bug.Details.Take(3)));
        Assert.Equal((BugKind.Livelock, BioRedirty.LivenessName), (trace.Bug.Kind, trace.Bug.Source));
        Assert.NotNull(trace.Bug.CycleStart);
        Assert.True(TestingEngine.Replay(scenario, trace).Reproduced);
    }
}
