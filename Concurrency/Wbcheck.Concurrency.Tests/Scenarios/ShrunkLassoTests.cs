using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Lassos;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Wbcheck.Model.Runtime;
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

    /// <summary>
    /// 2.5.31's RATELIMIT_PAGES is a constant, 512 KB of pages, with no floor: the least any of
    /// its kernels had is 8, on ia64 built with 64 KB pages, and that is what the search offers the
    /// list era (writeback_set_ratelimit's floor of 16 came after it). balance_dirty_pages_ratelimited
    /// tests the CPU's count before bumping it ("ratelimits[cpu].count++ &gt;= RATELIMIT_PAGES")
    /// and a look leaves it at 0: eight pages pass and the ninth looks, so the count comes back
    /// every 9 pages. The count is part of the state (it is not shifted), and so is the phase of
    /// the bio the walk keeps locked: a cycle spans a whole number of both. With one-page bios
    /// that is 9 pages at 8 decisions a page (the writer's 3 scheduling points, the walk's 3, a
    /// submission and a completion): 72, after a prefix of 15, so 87 steps, within issue #19's
    /// 150. 9 is odd, so a two-page bio would need 18 pages (18 x 7 decisions, 126). With the
    /// floor of 16 of later eras the period was 17 pages and the lasso 151 steps.
    /// </summary>
    [Fact]
    public void The_list_eras_fast_dirtier_livelock_is_a_lasso_of_87_steps_with_one_page_bios_and_the_least_ratelimit()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        var minimized = TestingEngine.MinimizeConfiguration(scenario, found.Bugs[0]);

        var trace = minimized.Trace;
        output.WriteLine($"{found.Bugs[0].Steps.Count} -> {trace.Steps.Count} steps ({minimized.LassoCandidates} candidates); {trace.Bug.Message}");
        output.WriteLine(string.Join("\n", trace.Bug.Details.Take(4)));
        Assert.Equal((BugKind.Livelock, BioRedirty.LivenessName), (trace.Bug.Kind, trace.Bug.Source));
        Assert.NotNull(trace.Bug.CycleStart);
        Assert.Equal(87, trace.Steps.Count);
        Assert.Equal(new Dictionary<string, string> { ["bio"] = "1", ["ratelimit"] = "8" }, minimized.ChangedParameters);
        Assert.Contains(trace.Bug.Details, d => d.StartsWith("the cycle is 9 repetitions of a pattern of 8 decisions", StringComparison.Ordinal));
        Assert.Contains(trace.Bug.Details, d => d.Contains("every page index moves by 9", StringComparison.Ordinal));

        // The trace names its configuration: the scenario it rebuilds replays it, the one it came from refuses it.
        var rebuilt = ScenarioCatalog.ForTrace(BugTrace.FromJson(trace.ToJson()));
        Assert.True(TestingEngine.Replay(rebuilt, trace).Reproduced);
        Assert.Throws<TraceLoadException>(() => TestingEngine.Replay(scenario, trace));
        Assert.Contains("the cycle starts here", TimelineRenderer.Render(trace, rebuilt));
        Assert.Contains("the cycle starts here", HtmlTraceRenderer.Render(trace, rebuilt));
    }

    /// <summary>
    /// The least ratelimit is the era's: 2.5.31's RATELIMIT_PAGES on its largest pages (512 KB
    /// over ia64's 64 KB: 8), from 2.6 writeback_set_ratelimit's floor (16). A trace may name 8
    /// in the list era, not 7 (no architecture had pages above 64 KB), and not 8 later.
    /// </summary>
    [Fact]
    public void The_list_eras_least_ratelimit_is_RATELIMIT_PAGES_on_64_KB_pages_and_later_eras_keep_the_floor_of_16()
    {
        Assert.Equal(8, ScenarioOptions.LeastRatelimitPages(KernelEra.V2_5));
        Assert.Equal(16, ScenarioOptions.LeastRatelimitPages(KernelEra.V2_6_20));

        var listEra = (ScenarioOptions.Default with { Era = KernelEra.V2_5 }).ToParameters();
        Assert.Equal(8, ScenarioOptions.FromParameters(new Dictionary<string, string>(listEra) { ["ratelimit"] = "8" }).RatelimitPages);
        var error = Assert.Throws<ArgumentException>(() => ScenarioOptions.FromParameters(new Dictionary<string, string>(listEra) { ["ratelimit"] = "7" }));
        Assert.Equal("the scenario parameter 'ratelimit' is '7', not a whole number from 8 to 1024", error.Message);

        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V2_5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Throttle.BuildWithRatelimitPages(7));
    }

    [Fact]
    public void A_scenario_offers_the_least_ratelimit_with_small_bios_then_alone_and_only_what_is_smaller_than_its_own()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5 });

        Assert.Equal([(1, 8), (2, 8), (4, 8), (8, 8), (null, 8)], Knobs(scenario));
        Assert.Equal([(1, 8), (2, 8)], Knobs(ScenarioCatalog.Create(scenario.Name, scenario.Options with { BioPages = 4, RatelimitPages = 8 })));
        Assert.Empty(Knobs(ScenarioCatalog.Create(scenario.Name, scenario.Options with { BioPages = 1, RatelimitPages = 8 })));
    }

    [Fact]
    public void Of_two_configurations_with_lassos_as_short_the_later_one_which_changes_less_wins()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        // The list era's walk looks nothing up in batches: the batch size changes no schedule.
        // One-page bios: the shortest cycle with 2.5.31's 9-page ratelimit period at its least (above).
        var offered = new Offering(scenario, [
            ScenarioCatalog.Create(scenario.Name, scenario.Options with { BioPages = 1, RatelimitPages = 8, BatchSize = 3 }),
            ScenarioCatalog.Create(scenario.Name, scenario.Options with { BioPages = 1, RatelimitPages = 8 }),
        ]);

        var minimized = TestingEngine.MinimizeConfiguration(offered, found.Bugs[0]);

        Assert.Equal(87, minimized.Trace.Steps.Count);
        Assert.Equal(new Dictionary<string, string> { ["bio"] = "1", ["ratelimit"] = "8" }, minimized.ChangedParameters);
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

    [Fact]
    public void Memory_is_recorded_only_when_set_and_read_back_and_refused_beside_a_ratelimit()
    {
        Assert.DoesNotContain("memory", ScenarioOptions.Default.ToParameters().Keys);
        var again = ScenarioOptions.FromParameters((ScenarioOptions.Default with { MemoryPages = 40 }).ToParameters());
        Assert.Equal(40, again.MemoryPages);

        var both = new Dictionary<string, string>(ScenarioOptions.Default.ToParameters()) { ["memory"] = "40", ["ratelimit"] = "16" };
        var error = Assert.Throws<ArgumentException>(() => ScenarioOptions.FromParameters(both));
        Assert.Equal("the scenario parameters 'memory' and 'ratelimit' cannot both be set: the machine's memory sizes its ratelimit", error.Message);
    }

    /// <summary>
    /// memory= boots the machine as page_writeback_init sizes it, with the era's own dirty_ratio
    /// (docs/eras.md section 87): on 2.6.29 40 pages give a dirty threshold of 4 (10% of 41
    /// dirtyable), so calc_period_shift = 2 + ilog2(3) = 3, a period of 4 events; on 2.6.36 8
    /// (20%), 2 + ilog2(7) = 4, a period of 8; and the least ratelimit. Every scenario's
    /// proportions are booted so: with ratelimit= (a machine of ratelimit * 32 pages per CPU: 513
    /// dirtyable, a threshold of 51, 2 + ilog2(50) = 7, a period of 64) and on the default machine
    /// too (2^18 pages: 26,214, 2 + ilog2(26,213) = 16, a period of 2^15). At the model's old 40%
    /// the periods were 16, 16, 2^17, 256 and 2^17.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, 40, null, 4UL, 16L)]
    [InlineData(KernelEra.V2_6_36, 40, null, 8UL, 16L)]
    [InlineData(KernelEra.V2_6_29, 1 << 18, null, 1UL << 15, 1024L)]
    [InlineData(KernelEra.V2_6_29, null, 16, 64UL, 16L)]
    [InlineData(KernelEra.V2_6_29, null, null, 1UL << 15, 32L)]
    public void A_machine_given_by_memory_is_booted_with_the_proportions_period_of_its_dirty_threshold(KernelEra era, int? memory, int? ratelimit, ulong period, long ratelimitPages)
    {
        var probe = new Probe(ScenarioOptions.Default with { Era = era, MemoryPages = memory, RatelimitPages = ratelimit });

        TestingEngine.Run(probe, RaceScenario.DefaultConfiguration with { Iterations = 1 });

        Assert.Equal((period, period, ratelimitPages), (probe.Completions, probe.Dirties, probe.Ratelimit));
    }

    /// <summary>A scenario that only looks at the kernel it is given.</summary>
    private sealed class Probe(ScenarioOptions options) : RaceScenario(options)
    {
        public ulong Completions { get; private set; }

        public ulong Dirties { get; private set; }

        public long Ratelimit { get; private set; }

        public override string Name => "probe";

        public override string Description => "reads the booted proportions";

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            (Completions, Dirties, Ratelimit) = (kernel.Throttle.VmCompletions.Period2, kernel.Throttle.VmDirties.Period2, kernel.Throttle.RatelimitPages);
            setup.Runtime.Spawn("idle", () => Task.CompletedTask);
        }
    }

    [Fact]
    public void Fsync_vs_dirtier_offers_its_lasso_search_a_two_page_file()
    {
        var scenario = ScenarioCatalog.Create(FsyncVsDirtier.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V2_6_29 });

        var offered = scenario.SmallerConfigurations().Cast<RaceScenario>().ToList();

        Assert.Equal([(1, 16), (2, 16), (4, 16), (8, 16), (null, 16)], Knobs(scenario));
        Assert.All(offered, s => Assert.Equal(FsyncVsDirtier.LassoPages, s.Options.Pages));
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
