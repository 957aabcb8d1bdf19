using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The kernel's livelocks grow (a writer appends while a walk follows it), so no state comes back;
/// relative to the walk's cursor one does, and the minimizer reports the livelock as a lasso.
/// </summary>
public sealed class ShiftedLassoTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Pct = RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 };

    [Fact]
    public void The_fsync_livelock_of_2_6_29_minimizes_to_a_lasso_relative_to_the_walks_cursor()
    {
        var scenario = ScenarioCatalog.Create(FsyncVsDirtier.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V2_6_29 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        var minimized = TestingEngine.Minimize(scenario, found.Bugs[0]);

        var trace = minimized.Trace;
        output.WriteLine($"{found.Bugs[0].Steps.Count} -> {trace.Steps.Count} steps; {trace.Bug.Message}");
        output.WriteLine(string.Join("\n", trace.Bug.Details.Take(4)));
        Assert.Equal((BugKind.Livelock, FsyncVsDirtier.LivenessName), (trace.Bug.Kind, trace.Bug.Source));
        Assert.NotNull(trace.Bug.CycleStart);
        Assert.True(trace.Lassos);
        Assert.Contains(trace.Bug.Details, d => d.StartsWith("relative to the cursor", StringComparison.Ordinal));

        // Two pages dirtied and two written each 15 decisions; the ratelimit count (32 pages) brings
        // the state back after 16 of them.
        Assert.Contains(trace.Bug.Details, d => d.StartsWith("the cycle is 16 repetitions of a pattern of 15 decisions", StringComparison.Ordinal));
        Assert.Contains(trace.Bug.Details, d => d.Contains("every page index moves by 32", StringComparison.Ordinal));
        Assert.True(trace.Steps.Count <= 300, $"{trace.Steps.Count} steps");
        Assert.True(TestingEngine.Replay(scenario, trace).Reproduced);
        Assert.Contains("the cycle starts here", TimelineRenderer.Render(trace, scenario));
        Assert.Contains("the cycle starts here", HtmlTraceRenderer.Render(trace, scenario));
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
