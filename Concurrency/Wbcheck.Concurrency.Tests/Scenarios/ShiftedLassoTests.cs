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
    /// 2.6.29's state holds the floating proportions (lib/proportions.c), booted as
    /// page_writeback_init boots them: a period of 2^15 = 32,768 events on the default machine at
    /// 2.6.29's 10% dirty_ratio (as ShrunkLassoTests' row says), so even in their exact relative
    /// form (ProportionsForm) a state comes back only after whole periods.
    /// They decide nothing while dirty_exceeded is clear and the machine's dirty and writeback
    /// pages are under the catch-up ceiling; the scenario leaves them out of the state, and each
    /// state of the cycle is checked to be such. The lasso search, in the scenario's smaller
    /// configurations too, then makes the livelock a lasso of at most 150 steps: 16 pages (the
    /// least ratelimit) at 15 decisions every two pages, after the walk has written the old page
    /// of a two-page file.
    /// </summary>
    [Fact]
    public void The_fsync_livelock_of_2_6_29_is_a_lasso_of_at_most_150_steps_on_a_booted_kernel()
    {
        var scenario = ScenarioCatalog.Create(FsyncVsDirtier.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V2_6_29 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        var minimized = TestingEngine.MinimizeConfiguration(scenario, found.Bugs[0]);

        var trace = minimized.Trace;
        output.WriteLine($"{found.Bugs[0].Steps.Count} -> {trace.Steps.Count} steps ({minimized.LassoCandidates} candidates); {trace.Bug.Message}");
        output.WriteLine(string.Join("\n", trace.Bug.Details.Take(5)));
        Assert.Equal((BugKind.Livelock, FsyncVsDirtier.LivenessName), (trace.Bug.Kind, trace.Bug.Source));
        Assert.NotNull(trace.Bug.CycleStart);
        Assert.True(trace.Steps.Count <= 150, $"{trace.Steps.Count} steps");
        Assert.Contains(trace.Bug.Details, d => d.StartsWith("the cycle is 8 repetitions of a pattern of 15 decisions", StringComparison.Ordinal));
        Assert.Contains(trace.Bug.Details, d => d.StartsWith("the floating proportions are left out of the state", StringComparison.Ordinal));

        var rebuilt = ScenarioCatalog.ForTrace(BugTrace.FromJson(trace.ToJson()));
        Assert.True(TestingEngine.Replay(rebuilt, trace).Reproduced);
        Assert.Contains("the cycle starts here", TimelineRenderer.Render(trace, rebuilt));
    }

    /// <summary>
    /// The list era's livelock, minimized in the configuration it ran in. 2.5.31 tests its
    /// ratelimit count before the bump ("count++ &gt;= RATELIMIT_PAGES"), so a CPU looks every
    /// RATELIMIT_PAGES + 1 pages, and the walk keeps its bio's pages locked: a cycle spans a whole
    /// number of both. Built with the era's least, 8 (ia64's 64 KB pages), and one-page bios that
    /// is 9 pages (17 with the later eras' floor of 16). In the scenario's own
    /// configuration (RATELIMIT_PAGES 128, BIO_MAX_PAGES 256) it would be 129 x 256 pages, beyond
    /// any search budget: minimized there, the livelock stays at the liveness bound (5,201 steps,
    /// no lasso; five minutes on a shared machine), which is why the minimizer tries the smaller
    /// configurations first (<see cref="ShrunkLassoTests"/>). Before the kernel's form was modelled,
    /// a 128-page period made one bio of 256 pages the cycle (3,083 steps).
    /// </summary>
    [Fact]
    public void The_list_eras_fast_dirtier_livelock_minimizes_to_a_lasso_of_one_ratelimit_period()
    {
        var scenario = ScenarioCatalog.Create(BioRedirty.FastDirtierNoIoPagesName, ScenarioOptions.Default with { Era = KernelEra.V2_5, RatelimitPages = 8, BioPages = 1 });
        var found = TestingEngine.Run(scenario, Pct);
        Assert.True(found.FoundBug, found.Summary());

        var minimized = TestingEngine.Minimize(scenario, found.Bugs[0]);

        var trace = minimized.Trace;
        output.WriteLine($"{found.Bugs[0].Steps.Count} -> {trace.Steps.Count} steps ({minimized.LassoCandidates} candidates); {trace.Bug.Message}");
        output.WriteLine(string.Join("\n", trace.Bug.Details.Take(3)));
        Assert.Equal((BugKind.Livelock, BioRedirty.LivenessName), (trace.Bug.Kind, trace.Bug.Source));
        Assert.NotNull(trace.Bug.CycleStart);
        Assert.Contains(trace.Bug.Details, d => d.Contains("every page index moves by 9", StringComparison.Ordinal));
        Assert.True(TestingEngine.Replay(scenario, trace).Reproduced);
    }
}
