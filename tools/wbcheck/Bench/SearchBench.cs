using System.Diagnostics;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Bench;

/// <summary>
/// What DFS's reductions buy (issue #19): each holding cell's small form exhausted stateless and
/// stateful, each without and with the partial-order reduction (preemption bound 2, as the matrix), and the classic programs under DFS without and
/// with the partial-order reduction (no preemption bound, so the reduction runs at full strength),
/// to the first bug or to exhaustion, capped at 100,000 schedules.
/// </summary>
internal static class SearchBench
{
    private const int ClassicCap = 100_000;

    public static IEnumerable<SearchFigure> Run(Action<string> progress)
    {
        foreach (var name in ScenarioCatalog.Names)
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
                // With and without the partial-order reduction over the model's footprints.
                yield return Measure($"{name} {era.Info().Version}", "stateless, no reduction", scenario, configuration with { Reduction = false });
                yield return Measure($"{name} {era.Info().Version}", "stateless", scenario, configuration);
                yield return Measure($"{name} {era.Info().Version}", "stateful, no reduction", scenario, configuration with { Stateful = true, Reduction = false });
                yield return Measure($"{name} {era.Info().Version}", "stateful", scenario, configuration with { Stateful = true });
            }
        }

        (string Name, ITestProgram Program)[] classic =
        [
            ("abba-5", new LockOrderInversion(5)), ("abba-50", new LockOrderInversion(50)), ("lost-update", new LostUpdate(0)),
            ("lost-update noise 2", new LostUpdate(2)), ("reorder-3", new Reorder(3)), ("reorder-10", new Reorder(10)),
            ("locked-counter 3", new LockedCounter(3)),
        ];
        foreach (var (name, program) in classic)
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
        var clock = Stopwatch.StartNew();
        var report = TestingEngine.Run(subject, configuration);
        var seconds = clock.Elapsed.TotalSeconds;
        return new SearchFigure(
            program,
            mode,
            report.Iterations,
            report.Steps,
            seconds,
            report.Steps / Math.Max(seconds, 1e-9),
            report.StopReason == StopReason.SpaceExhausted,
            report.FoundBug,
            report.Search?.StatesStored ?? 0);
    }
}
