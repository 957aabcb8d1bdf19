using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
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
    /// 2.6.29's state holds the floating proportions (lib/proportions.c), whose global event counts
    /// only grow; the relative fingerprint takes them in their exact relative form (t within its
    /// period, each local as prop_norm would leave it: ProportionsFormTests), so the livelock
    /// closes a lasso again. With a two-page file (the walk is past the old page sooner) and the
    /// least ratelimit (16 pages a cycle), it is at most 150 steps: 23 + 120, 8 times a
    /// 15-decision pattern. The scenario's proportions are not booted (a period of one event):
    /// docs/search.md, "Lassos and the floating proportions".
    /// </summary>
    [Fact]
    public void The_fsync_livelock_of_2_6_29_is_a_lasso_of_at_most_150_steps_with_the_proportions_taken_relatively()
    {
        var scenario = ScenarioCatalog.Create(FsyncVsDirtier.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V2_6_29 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        var minimized = TestingEngine.MinimizeConfiguration(scenario, found.Bugs[0]);

        var trace = minimized.Trace;
        output.WriteLine($"{found.Bugs[0].Steps.Count} -> {trace.Steps.Count} steps ({minimized.LassoCandidates} candidates); {trace.Bug.Message}");
        output.WriteLine(string.Join("\n", trace.Bug.Details.Take(4)));
        Assert.Equal((BugKind.Livelock, FsyncVsDirtier.LivenessName), (trace.Bug.Kind, trace.Bug.Source));
        Assert.NotNull(trace.Bug.CycleStart);
        Assert.True(trace.Steps.Count <= 150, $"{trace.Steps.Count} steps");
        Assert.Equal(new Dictionary<string, string> { ["pages"] = "2", ["ratelimit"] = "16" }, minimized.ChangedParameters);
        Assert.Contains(trace.Bug.Details, d => d.StartsWith("the cycle is 8 repetitions of a pattern of 15 decisions", StringComparison.Ordinal));
        Assert.Contains(trace.Bug.Details, d => d.Contains("every page index moves by 16", StringComparison.Ordinal));

        var rebuilt = ScenarioCatalog.ForTrace(BugTrace.FromJson(trace.ToJson()));
        Assert.True(TestingEngine.Replay(rebuilt, trace).Reproduced);
        Assert.Contains("the cycle starts here", TimelineRenderer.Render(trace, rebuilt));
        Assert.Contains("the cycle starts here", HtmlTraceRenderer.Render(trace, rebuilt));
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
