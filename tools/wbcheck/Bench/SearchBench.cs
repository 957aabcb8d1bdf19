using System.Diagnostics;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Bench;

/// <summary>
/// What DFS's reductions buy (issue #19): first cyclic-wrap-deadlock where it holds (4.20), in
/// the forms that match SPIN's model of the race (3 actors, the flusher's 2 passes), stateful
/// with the reduction at the matrix's bound and without a bound (cut at <see cref="UnboundedCut"/>);
/// then each holding cell's small form exhausted stateless and stateful, each without and with
/// the partial-order reduction (preemption bound 2, as the matrix), and its proof configuration
/// (<see cref="ProofForms"/>, as the matrix proves it); then the classic programs under DFS
/// without and with the partial-order reduction (no preemption bound, so the reduction runs at
/// full strength), to the first bug or to exhaustion, capped at 100,000 schedules.
/// </summary>
internal static class SearchBench
{
    private const int ClassicCap = 100_000;

    /// <summary>Where the unbounded search of cyclic-wrap-deadlock is cut: it is not exhausted in minutes.</summary>
    private static readonly TimeSpan UnboundedCut = TimeSpan.FromSeconds(60);

    /// <summary>The figures of <paramref name="part"/>: "search" for all, "search-spin" or "search-proofs" for one part.</summary>
    public static IEnumerable<SearchFigure> Run(Action<string> progress, string part = "search")
    {
        var all = part == "search";
        foreach (var small in new[] { true, false }.Where(_ => all || part == "search-spin"))
        {
            var form = small ? "small" : "full";
            progress($"search cyclic-wrap-deadlock 4.20 {form} against SPIN");
            var spin = ScenarioCatalog.Create(CyclicWrapDeadlock.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V4_20, Small = small });
            var stateful = RaceScenario.DefaultConfiguration with { Strategy = "dfs", Stateful = true, Iterations = 10_000_000 };
            yield return Measure($"SPIN's race: cyclic-wrap-deadlock 4.20 {form}", "stateful, bound 2", spin, stateful with { PreemptionBound = 2, TimeBudget = TimeSpan.FromSeconds(120) });
            yield return Measure($"SPIN's race: cyclic-wrap-deadlock 4.20 {form}", "stateful, no bound", spin, stateful with { PreemptionBound = 1000, TimeBudget = UnboundedCut });
        }

        foreach (var name in ScenarioCatalog.Names.Where(_ => all || part == "search-proofs"))
        {
            foreach (var era in Enum.GetValues<KernelEra>().Where(e => Expectations.For(name, e) is null && ScenarioCatalog.AppliesTo(name, e)))
            {
                progress($"search {name} {era.Info().Version}");
                var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = true, Pages = 2 });
                var configuration = RaceScenario.DefaultConfiguration with
                {
                    Strategy = "dfs",
                    PreemptionBound = 2,
                    Iterations = 1_000_000,
                    TimeBudget = TimeSpan.FromSeconds(120),
                };
                if (all)
                {
                    // With and without the partial-order reduction over the model's footprints.
                    yield return Measure($"{name} {era.Info().Version}", "stateless, no reduction", scenario, configuration with { Reduction = false });
                    yield return Measure($"{name} {era.Info().Version}", "stateless", scenario, configuration);
                    yield return Measure($"{name} {era.Info().Version}", "stateful, no reduction", scenario, configuration with { Stateful = true, Reduction = false });
                    yield return Measure($"{name} {era.Info().Version}", "stateful", scenario, configuration with { Stateful = true });
                }

                var options = ScenarioOptions.Default with { Era = era };
                yield return Measure(
                    $"{name} {era.Info().Version}",
                    $"proof ({ProofForms.Describe(name, options)}), stateful",
                    ScenarioCatalog.Create(name, ProofForms.For(name, options)),
                    configuration with { Stateful = true });
            }
        }

        (string Name, ITestProgram Program)[] classic =
        [
            ("abba-5", new LockOrderInversion(5)), ("abba-50", new LockOrderInversion(50)), ("lost-update", new LostUpdate(0)),
            ("lost-update noise 2", new LostUpdate(2)), ("reorder-3", new Reorder(3)), ("reorder-10", new Reorder(10)),
            ("locked-counter 3", new LockedCounter(3)),
        ];
        foreach (var (name, program) in classic.Where(_ => all))
        {
            progress($"search {name}");
            var configuration = TestingConfiguration.Default with { Strategy = "dfs", PreemptionBound = 1000, Iterations = ClassicCap };
            yield return Measure(name, "dfs", program, configuration with { Reduction = false });
            yield return Measure(name, "dfs + sleep sets", program, configuration);
            yield return Measure(name, "dfs + sleep sets + stateful", program, configuration with { Stateful = true });
        }
    }

    private static SearchFigure Measure(string program, string mode, ITestProgram subject, TestingConfiguration configuration)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var report = TestingEngine.Run(subject, configuration);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new SearchFigure(
            program,
            mode,
            report.Iterations,
            report.Steps,
            seconds,
            report.Steps / Math.Max(seconds, 1e-9),
            report.StopReason == StopReason.SpaceExhausted,
            report.FoundBug,
            report.Search?.StatesStored ?? 0,
            cpuSeconds);
    }
}
