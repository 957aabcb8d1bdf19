using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// What bounds a kernel livelock's cycle is configuration: a walk that keeps a whole bio locked
/// comes back to its state only after a bio, and the per-CPU ratelimit count only after
/// ratelimit_pages pages. The lasso search looks in the scenario's smaller configurations too.
/// </summary>
public sealed class ShrunkLassoTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Pct = RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 };

    [Fact]
    public void The_list_eras_fast_dirtier_livelock_is_a_lasso_of_at_most_150_steps_with_a_one_page_bio_and_the_least_ratelimit()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        var minimized = TestingEngine.MinimizeConfiguration(scenario, found.Bugs[0]);

        var trace = minimized.Trace;
        output.WriteLine($"{found.Bugs[0].Steps.Count} -> {trace.Steps.Count} steps ({minimized.LassoCandidates} candidates); {trace.Bug.Message}");
        output.WriteLine(string.Join("\n", trace.Bug.Details.Take(4)));
        Assert.Equal((BugKind.Livelock, BioRedirty.LivenessName), (trace.Bug.Kind, trace.Bug.Source));
        Assert.True(trace.Steps.Count <= 150, $"{trace.Steps.Count} steps");
        Assert.Equal(("1", "16"), (trace.Parameters["bio"], trace.Parameters["ratelimit"]));
        Assert.Equal(new Dictionary<string, string> { ["bio"] = "1", ["ratelimit"] = "16" }, minimized.ChangedParameters);

        // One page dirtied, looked up, written and completed each 8 decisions; the ratelimit count
        // (16 pages) brings the state back after 16 of them.
        Assert.Contains(trace.Bug.Details, d => d.StartsWith("the cycle is 16 repetitions of a pattern of 8 decisions", StringComparison.Ordinal));
        Assert.Contains(trace.Bug.Details, d => d.Contains("every page index moves by 16", StringComparison.Ordinal));

        // The trace names its configuration: the scenario it rebuilds replays it, the one it came from refuses it.
        var rebuilt = ScenarioCatalog.ForTrace(BugTrace.FromJson(trace.ToJson()));
        Assert.True(TestingEngine.Replay(rebuilt, trace).Reproduced);
        Assert.Throws<TraceLoadException>(() => TestingEngine.Replay(scenario, trace));
        Assert.Contains("the cycle starts here", TimelineRenderer.Render(trace, rebuilt));
        Assert.Contains("the cycle starts here", HtmlTraceRenderer.Render(trace, rebuilt));
    }

    [Fact]
    public void A_scenario_offers_a_one_page_bio_and_the_least_ratelimit_together_then_each_alone()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5 });

        var smaller = scenario.SmallerConfigurations().Cast<RaceScenario>().Select(s => (s.Options.BioPages, s.Options.RatelimitPages)).ToList();

        Assert.Equal([(1, 16), (null, 16), (1, null)], smaller);
        var smallest = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, scenario.Options with { BioPages = 1, RatelimitPages = 16 });
        Assert.Empty(smallest.SmallerConfigurations());
    }

    [Fact]
    public void Bio_and_ratelimit_are_recorded_only_when_set_and_read_back()
    {
        Assert.DoesNotContain("bio", ScenarioOptions.Default.ToParameters().Keys);
        Assert.DoesNotContain("ratelimit", ScenarioOptions.Default.ToParameters().Keys);
        var options = ScenarioOptions.Default with { BioPages = 4, RatelimitPages = 64 };

        var again = ScenarioOptions.FromParameters(options.ToParameters());

        Assert.Equal((4, 64), (again.BioPages, again.RatelimitPages));
    }

    [Theory]
    [InlineData("bio", "0", "the scenario parameter 'bio' is '0', not a whole number from 1 to 256")]
    [InlineData("bio", "512", "the scenario parameter 'bio' is '512', not a whole number from 1 to 256")]
    [InlineData("ratelimit", "8", "the scenario parameter 'ratelimit' is '8', not a whole number from 16 to 1024")]
    public void A_bio_or_ratelimit_the_kernel_cannot_have_is_refused(string key, string value, string message)
    {
        var parameters = new Dictionary<string, string>(ScenarioOptions.Default.ToParameters()) { [key] = value };

        var error = Assert.Throws<ArgumentException>(() => ScenarioOptions.FromParameters(parameters));

        Assert.Equal(message, error.Message);
    }
}
