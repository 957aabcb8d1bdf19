using System.Diagnostics;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Bench;

/// <summary>
/// What DFS's reductions buy (issue #19): first cyclic-wrap-deadlock where it holds (4.20), in
/// the forms that match SPIN's model of the race (3 actors: the flusher, whose range_cyclic pass
/// from page 2 wraps to page 0, its 2 passes, and the two writers with fsync; the full form is the
/// trace of 64081362e8ff's message, the small form the issue's "small form"), stateful with the
/// reduction at the matrix's bound and without a bound (as SPIN searches), both exhausted;
/// then each holding cell's small form exhausted stateless and stateful, each without and with
/// the partial-order reduction (preemption bound 2, as the matrix), and its proof configuration
/// (<see cref="ProofForms"/>, as the matrix proves it); then the classic programs under DFS
/// without and with the partial-order reduction (no preemption bound, so the reduction runs at
/// full strength), to the first bug or to exhaustion, capped at 100,000 schedules.
/// </summary>
internal static class SearchBench
{
    private const int ClassicCap = 100_000;
    private const int UnboundedCap = 30_000;
    private const int CampaignCap = 20_000;

    /// <summary>
    /// DPOR's soundness on the kernel (<c>--only dpor</c>): every failing cell of the era table,
    /// small and full forms, under DFS with sleep sets and with DPOR (bound 2, 20,000 schedules);
    /// a row's bug column says whether the expected bug was found. Wherever sleep sets find it,
    /// DPOR must too; the last line counts the cells where it does not.
    /// </summary>
    public static IEnumerable<SearchFigure> Campaign(Action<string> progress)
    {
        int both = 0, sleepOnly = 0, dporOnly = 0, neither = 0;
        foreach (var expected in Expectations.Bugs)
        {
            foreach (var era in Enum.GetValues<KernelEra>().Where(e => expected.Covers(expected.Scenario, e) && ScenarioCatalog.AppliesTo(expected.Scenario, e)))
            {
                foreach (var small in new[] { true, false })
                {
                    var cell = $"{expected.Scenario} {era.Info().Version}{(small ? " small" : "")}";
                    progress($"dpor {cell}");
                    var scenario = ScenarioCatalog.Create(expected.Scenario, ScenarioOptions.Default with { Era = era, Small = small });
                    var configuration = RaceScenario.DefaultConfiguration with
                    {
                        Strategy = "dfs",
                        PreemptionBound = 2,
                        Iterations = CampaignCap,
                        TimeBudget = TimeSpan.FromSeconds(30),
                    };
                    var sleepSets = Measure(cell, "sleep sets", scenario, configuration, expected);
                    var dpor = Measure(cell, "dpor", scenario, configuration with { Dpor = DporMode.Source }, expected);
                    if (sleepSets.FoundBug && dpor.FoundBug)
                    {
                        both++;
                    }
                    else if (sleepSets.FoundBug)
                    {
                        sleepOnly++;
                        progress($"dpor MISSED the expected bug of {cell}");
                    }
                    else if (dpor.FoundBug)
                    {
                        dporOnly++;
                    }
                    else
                    {
                        neither++;
                    }

                    yield return sleepSets;
                    yield return dpor;
                }
            }
        }

        progress($"dpor campaign: expected bug found by both {both}, by sleep sets only {sleepOnly}, by dpor only {dporOnly}, by neither {neither}");
    }

    /// <summary>
    /// The unbounded searches are exhausted (the small form in about 7 s of CPU, the full form in
    /// about 30): room for them to end on a loaded machine.
    /// </summary>
    private static readonly TimeSpan UnboundedCut = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The full form's unbounded search stores about 750,000 states: room for all of them (the
    /// default 64 MB table stops growing at 1,048,576 slots and drops some).
    /// </summary>
    private const long UnboundedStateBudget = 128L << 20;

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
            yield return Measure($"SPIN's race: cyclic-wrap-deadlock 4.20 {form}", "stateful, no bound", spin, stateful with { PreemptionBound = 1000, TimeBudget = UnboundedCut, StateBudgetBytes = UnboundedStateBudget });

            // The same two with wakeup trees (optimal DPOR) in place of source sets.
            var optimal = stateful with { Dpor = DporMode.Optimal };
            yield return Measure($"SPIN's race: cyclic-wrap-deadlock 4.20 {form}", "stateful, bound 2, optimal", spin, optimal with { PreemptionBound = 2, TimeBudget = TimeSpan.FromSeconds(120) });
            yield return Measure($"SPIN's race: cyclic-wrap-deadlock 4.20 {form}", "stateful, no bound, optimal", spin, optimal with { PreemptionBound = 1000, TimeBudget = UnboundedCut, StateBudgetBytes = UnboundedStateBudget });
        }

        foreach (var name in ScenarioCatalog.Names.Where(_ => all || part == "search-proofs"))
        {
            foreach (var era in ScenarioCatalog.HoldingEras(name))
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
                    yield return Measure($"{name} {era.Info().Version}", "stateless, dpor", scenario, configuration with { Dpor = DporMode.Source });
                    yield return Measure($"{name} {era.Info().Version}", "stateful, dpor", scenario, configuration with { Stateful = true, Dpor = DporMode.Source });

                    // Without a bound (whose cuts make DPOR take every option above them): DPOR at full strength.
                    var unbounded = configuration with { PreemptionBound = 100, Iterations = UnboundedCap, TimeBudget = TimeSpan.FromSeconds(60) };
                    yield return Measure($"{name} {era.Info().Version}", "no bound, sleep sets", scenario, unbounded);
                    yield return Measure($"{name} {era.Info().Version}", "no bound, dpor", scenario, unbounded with { Dpor = DporMode.Source });
                    yield return Measure($"{name} {era.Info().Version}", "no bound, optimal dpor", scenario, unbounded with { Dpor = DporMode.Optimal });
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
            ("dining-5", new DiningPhilosophers(5)), ("dining-5 ordered forks", new DiningPhilosophers(5, ordered: true)),
            ("wrong-lock-3", new WrongLockCounter(3)), ("wrong-lock-3 same lock", new WrongLockCounter(3, sameLock: true)),
        ];
        foreach (var (name, program) in classic.Where(_ => all))
        {
            progress($"search {name}");
            var configuration = TestingConfiguration.Default with { Strategy = "dfs", PreemptionBound = 1000, Iterations = ClassicCap };
            yield return Measure(name, "dfs", program, configuration with { Reduction = false });
            yield return Measure(name, "dfs + sleep sets", program, configuration);
            yield return Measure(name, "dfs + sleep sets + stateful", program, configuration with { Stateful = true });
            yield return Measure(name, "dfs + dpor (Flanagan-Godefroid)", program, configuration with { Dpor = DporMode.FlanaganGodefroid });
            yield return Measure(name, "dfs + dpor (source sets)", program, configuration with { Dpor = DporMode.Source });
            yield return Measure(name, "dfs + dpor (wakeup trees)", program, configuration with { Dpor = DporMode.Optimal });
        }
    }

    private static SearchFigure Measure(string program, string mode, ITestProgram subject, TestingConfiguration configuration, ExpectedBug? expected = null)
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
            expected is null ? report.FoundBug : report.FoundBug && expected.Matches(report.Bugs[0].Bug),
            report.Search?.StatesStored ?? 0,
            cpuSeconds);
    }
}
