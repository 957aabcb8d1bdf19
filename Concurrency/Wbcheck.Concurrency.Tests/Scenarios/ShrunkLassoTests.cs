using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Lassos;
using Wbcheck.Concurrency.Programs;
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
    public void The_list_eras_fast_dirtier_livelock_is_a_lasso_of_at_most_150_steps_with_a_two_page_bio_and_the_least_ratelimit()
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
        Assert.Equal(new Dictionary<string, string> { ["bio"] = "2", ["ratelimit"] = "16" }, minimized.ChangedParameters);

        // Two pages dirtied, taken, sent in one bio and completed each 14 decisions (a one-page bio
        // takes 8 a page: a submission and a completion each); the ratelimit count (16 pages)
        // brings the state back after 8 of them.
        Assert.Contains(trace.Bug.Details, d => d.StartsWith("the cycle is 8 repetitions of a pattern of 14 decisions", StringComparison.Ordinal));
        Assert.Contains(trace.Bug.Details, d => d.Contains("every page index moves by 16", StringComparison.Ordinal));

        // The trace names its configuration: the scenario it rebuilds replays it, the one it came from refuses it.
        var rebuilt = ScenarioCatalog.ForTrace(BugTrace.FromJson(trace.ToJson()));
        Assert.True(TestingEngine.Replay(rebuilt, trace).Reproduced);
        Assert.Throws<TraceLoadException>(() => TestingEngine.Replay(scenario, trace));
        Assert.Contains("the cycle starts here", TimelineRenderer.Render(trace, rebuilt));
        Assert.Contains("the cycle starts here", HtmlTraceRenderer.Render(trace, rebuilt));
    }

    [Fact]
    public void A_scenario_offers_the_least_ratelimit_with_small_bios_then_alone_and_only_what_is_smaller_than_its_own()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5 });

        Assert.Equal([(1, 16), (2, 16), (4, 16), (8, 16), (null, 16)], Knobs(scenario));
        Assert.Equal([(1, 16), (2, 16)], Knobs(ScenarioCatalog.Create(scenario.Name, scenario.Options with { BioPages = 4, RatelimitPages = 16 })));
        Assert.Empty(Knobs(ScenarioCatalog.Create(scenario.Name, scenario.Options with { BioPages = 1, RatelimitPages = 16 })));
    }

    [Fact]
    public void Of_two_configurations_with_lassos_as_short_the_later_one_which_changes_less_wins()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        // The list era's walk looks nothing up in batches: the batch size changes no schedule.
        var offered = new Offering(scenario, [
            ScenarioCatalog.Create(scenario.Name, scenario.Options with { BioPages = 2, RatelimitPages = 16, BatchSize = 3 }),
            ScenarioCatalog.Create(scenario.Name, scenario.Options with { BioPages = 2, RatelimitPages = 16 }),
        ]);

        var minimized = TestingEngine.MinimizeConfiguration(offered, found.Bugs[0]);

        Assert.Equal(133, minimized.Trace.Steps.Count);
        Assert.Equal(new Dictionary<string, string> { ["bio"] = "2", ["ratelimit"] = "16" }, minimized.ChangedParameters);
    }

    private static List<(int?, int?)> Knobs(RaceScenario scenario) =>
        [.. scenario.SmallerConfigurations().Cast<RaceScenario>().Select(s => (s.Options.BioPages, s.Options.RatelimitPages))];

    /// <summary>A scenario offering the configurations given, in that order.</summary>
    private sealed class Offering(RaceScenario scenario, IReadOnlyList<ITestProgram> configurations) : ITestProgram, ILassoConfigurations
    {
        public string Name => scenario.Name;

        public IReadOnlyDictionary<string, string> Parameters => scenario.Parameters;

        public bool Terminates => scenario.Terminates;

        public void Setup(ProgramSetup setup) => scenario.Setup(setup);

        public IEnumerable<ITestProgram> SmallerConfigurations() => configurations;
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
