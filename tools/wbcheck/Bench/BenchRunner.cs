using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Bench;

/// <summary>
/// Measures what users pay for: the engine's own overhead on a trivial program, exploration
/// throughput on each race scenario, how soon each expected bug is found, how long DFS takes to
/// exhaust each cell that holds, the classic programs Coyote was measured on, and FsCheck cases a
/// second of the main integrity property. Each throughput figure is one warm-up then
/// <see cref="BenchOptions.Repetitions"/> measured runs.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, Action<string> progress)
{
    private static readonly string[] RandomizedStrategies = ["random", "pct"];

    /// <summary>The figures <c>--only</c> may name (a part of a name selects every figure containing it).</summary>
    public static IReadOnlyList<string> Figures { get; } = ["trivial", "scenarios", "bugs", "dfs", "classic", "properties", "search", "dpor", "search-spin", "search-proofs", "soak", "coyote", "minimize"];

    public BenchReport Run()
    {
        var trivial = Wanted("trivial") ? MeasureTrivial() : (Sample: new Sample(0, 0, 0), Bytes: 0.0);
        var report = new BenchReport
        {
            Machine = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}",
            Date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TrivialStepsPerSecond = trivial.Sample.Median,
            TrivialStepsPerSecondSample = trivial.Sample,
            AllocatedBytesPerStep = trivial.Bytes,
        };
        if (Wanted("scenarios"))
        {
            report.Scenarios.AddRange(MeasureScenarios());
        }

        if (Wanted("classic"))
        {
            report.Classic.AddRange(MeasureClassic());
        }

        if (Wanted("properties"))
        {
            report.Properties.AddRange(MeasureProperties());
        }

        if (Wanted("bugs"))
        {
            report.TimeToBug.AddRange(MeasureTimeToBug());
        }

        if (Wanted("dfs"))
        {
            report.DfsExhaustion.AddRange(MeasureDfsExhaustion());
        }

        // Stateless searches of every holding cell take minutes: run only when named ("search",
        // or a part of it: "search-spin", "search-proofs").
        if (options.Only is { } only && only.StartsWith("search", StringComparison.OrdinalIgnoreCase) && Figures.Contains(only, StringComparer.OrdinalIgnoreCase))
        {
            report.Search.AddRange(SearchBench.Run(progress, only.ToLowerInvariant()));
        }

        // Every failing cell searched twice: run only when named.
        if (string.Equals(options.Only, "dpor", StringComparison.OrdinalIgnoreCase))
        {
            report.Search.AddRange(SearchBench.Campaign(progress));
        }

        // Every bug cell found and minimized twice: run only when named.
        if (string.Equals(options.Only, "minimize", StringComparison.OrdinalIgnoreCase))
        {
            report.Minimize.AddRange(MinimizeBench.Run(progress));
        }

        // A million schedules take a minute or more: the soak runs only when named.
        if (string.Equals(options.Only, "soak", StringComparison.OrdinalIgnoreCase))
        {
            report = report with { Soak = Soak.Run(options.SoakSchedules, options.SoakEarlySchedules, progress) };
        }

        return report;
    }

    private bool Wanted(string figure) => options.Only is null ? figure != "soak" : figure.Contains(options.Only, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Two threads that only yield, 1000 steps an iteration (as exploration runs: many iterations
    /// on a reused workspace): the cost of a scheduling step itself.
    /// </summary>
    private (Sample Sample, double Bytes) MeasureTrivial()
    {
        progress("trivial two-thread program");
        const int StepsPerIteration = 1_000;
        var program = new StepThreads(2, StepsPerIteration / 2);
        var configuration = TestingConfiguration.Default with
        {
            Iterations = Math.Max(1, options.TrivialSteps / StepsPerIteration),
            MaxSteps = StepsPerIteration + 16,
            MaxUnfairSteps = StepsPerIteration + 8,
        };
        TestingEngine.Run(program, configuration);
        var rates = new List<double>();
        var bytes = 0.0;
        for (var i = 0; i < options.Repetitions; i++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var report = TestingEngine.Run(program, configuration);
            var seconds = clock.Elapsed.TotalSeconds;
            bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / report.Steps;
            rates.Add(report.Steps / seconds);
        }

        return (Sample.Of(rates), bytes);
    }

    private IEnumerable<ScenarioThroughput> MeasureScenarios()
    {
        var cases = ScenarioCatalog.Names.Where(name => ScenarioCatalog.AppliesTo(name, KernelEras.Current))
            .Select(name => (name, pages: ScenarioOptions.Default.Pages))
            .Append((name: BackgroundVsReclaimTruncate.ScenarioName, pages: 8));
        foreach (var (name, pages) in cases)
        {
            foreach (var strategy in RandomizedStrategies.Append("dfs"))
            {
                progress($"throughput {name} ({pages} pages) {strategy}");
                var dfs = strategy == "dfs";
                var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Pages = dfs ? 2 : pages, Small = dfs });
                var configuration = RaceScenario.DefaultConfiguration with
                {
                    Strategy = strategy,
                    Iterations = options.ThroughputIterations,
                    StopAtFirstBug = false,
                    PreemptionBound = dfs ? 2 : null,
                };
                var (schedules, steps) = Throughput(scenario, configuration);
                yield return new ScenarioThroughput(name, KernelEras.Current.Info().Version, strategy, dfs ? 2 : pages, schedules, steps);
            }
        }
    }

    private (double Schedules, double Steps) Throughput(ITestProgram program, TestingConfiguration configuration)
    {
        TestingEngine.Run(program, configuration with { Iterations = Math.Max(1, configuration.Iterations / 10) });
        var schedules = new List<double>();
        var steps = new List<double>();
        for (var i = 0; i < options.Repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            var report = TestingEngine.Run(program, configuration with { Seed = (ulong)i });
            var seconds = clock.Elapsed.TotalSeconds;
            schedules.Add(report.Iterations / seconds);
            steps.Add(report.Steps / seconds);
        }

        return (Sample.Of(schedules).Median, Sample.Of(steps).Median);
    }

    private IEnumerable<TimeToBug> MeasureTimeToBug()
    {
        foreach (var expected in Expectations.Bugs)
        {
            foreach (var era in Enum.GetValues<KernelEra>().Where(e => expected.Covers(expected.Scenario, e)))
            {
                var scenario = ScenarioCatalog.Create(expected.Scenario, ScenarioOptions.Default with { Era = era });
                foreach (var strategy in RandomizedStrategies)
                {
                    progress($"time to bug {expected.Scenario} {era.Info().Version} {strategy}");
                    yield return TimeToBugOver(scenario, expected, era, strategy, options.Seeds);
                }

                progress($"time to bug {expected.Scenario} {era.Info().Version} dfs");
                yield return TimeToBugOver(scenario, expected, era, "dfs", seeds: 1);
            }
        }
    }

    private TimeToBug TimeToBugOver(RaceScenario scenario, ExpectedBug expected, KernelEra era, string strategy, int seeds)
    {
        var seconds = new List<double>();
        var schedules = new List<double>();
        var all = true;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var configuration = RaceScenario.DefaultConfiguration with
            {
                Strategy = strategy,
                Seed = (ulong)seed,
                Iterations = options.BugIterationCap,
                PreemptionBound = strategy == "dfs" ? 2 : null,
            };
            var clock = Stopwatch.StartNew();
            var report = TestingEngine.Run(scenario, configuration);
            seconds.Add(clock.Elapsed.TotalSeconds);
            var found = report.FoundBug && expected.Matches(report.Bugs[0].Bug);
            all &= found;
            schedules.Add(found ? report.Bugs[0].Iteration + 1 : report.Iterations);
        }

        return new TimeToBug(expected.Scenario, era.Info().Version, strategy, Sample.Of(seconds).Median, Sample.Of(schedules).Median, all, seeds);
    }

    private IEnumerable<DfsExhaustion> MeasureDfsExhaustion()
    {
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in ScenarioCatalog.HoldingEras(name))
            {
                progress($"dfs exhaustion {name} {era.Info().Version}");
                var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = true, Pages = 2 });
                var clock = Stopwatch.StartNew();
                var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with
                {
                    Strategy = "dfs",
                    PreemptionBound = 2,
                    Iterations = 1_000_000,
                    TimeBudget = TimeSpan.FromSeconds(60),
                });
                yield return new DfsExhaustion(name, era.Info().Version, clock.Elapsed.TotalSeconds, report.Iterations, report.StopReason == StopReason.SpaceExhausted);
            }
        }
    }

    private IEnumerable<ClassicProgram> MeasureClassic()
    {
        (string Name, ITestProgram Program, bool Buggy)[] programs =
        [
            ("abba-5", new LockOrderInversion(5), true),
            ("abba-50", new LockOrderInversion(50), true),
            ("lost-update", new LostUpdate(0), true),
            ("locked-counter", new LockedCounter(2), false),
            ("reorder-3", new Reorder(3), true),
            ("reorder-10", new Reorder(10), true),
            ("dining-5", new DiningPhilosophers(5), true),
            ("dining-5 ordered forks", new DiningPhilosophers(5, ordered: true), false),
            ("wrong-lock-3", new WrongLockCounter(3), true),
            ("wrong-lock-3 same lock", new WrongLockCounter(3, sameLock: true), false),
        ];
        // Our PCT at its default depth (Coyote's default bound of 10 priority changes, d = 11, since
        // issue #19's measurement), and at d = 3, the default before it.
        (string Label, TestingConfiguration Configuration)[] strategies =
        [
            ("random", TestingConfiguration.Default with { Strategy = "random" }),
            ($"pct d={TestingConfiguration.DefaultPctDepth}", TestingConfiguration.Default with { Strategy = "pct" }),
            ("pct d=3", TestingConfiguration.Default with { Strategy = "pct", PctDepth = 3 }),
            // DFS is deterministic: one run each, to the first bug or ClassicDfsCap.
            ("dfs + dpor, no bound", TestingConfiguration.Default with { Strategy = "dfs", PreemptionBound = 1000 }),
            ("dfs + dpor, iterated bound", TestingConfiguration.Default with { Strategy = "dfs" }),
        ];
        foreach (var (name, program, buggy) in programs)
        {
            foreach (var (strategy, settings) in strategies)
            {
                progress($"classic {name} {strategy}");
                if (settings.Strategy == "dfs")
                {
                    yield return DfsToBug(name, strategy, program, buggy, settings);
                    continue;
                }

                var configuration = settings with { Iterations = options.ThroughputIterations, StopAtFirstBug = false };
                var (schedulesPerSecond, _) = Throughput(program, configuration);
                var toBug = buggy ? SchedulesToBugOver(program, configuration) : null;
                yield return new ClassicProgram(name, strategy, schedulesPerSecond, toBug?.Median, toBug);
            }
        }
    }

    /// <summary>Schedules DFS may run on a classic program: issue #19 asks for every bug within 100,000 (a smoke run: 5,000).</summary>
    private int ClassicDfsCap => options.Seeds < BenchOptions.Full.Seeds ? 5_000 : 100_000;

    /// <summary>
    /// One DFS run to the first bug or <see cref="ClassicDfsCap"/> (or to the end of the space, for
    /// a correct program): its schedules a second, and its schedules to the bug as a one-seed figure.
    /// A correct program's row says whether DFS exhausted it, and in how many schedules.
    /// </summary>
    private ClassicProgram DfsToBug(string name, string strategy, ITestProgram program, bool buggy, TestingConfiguration settings)
    {
        var clock = Stopwatch.StartNew();
        var report = TestingEngine.Run(program, settings with { Iterations = ClassicDfsCap, StopAtFirstBug = true });
        var rate = report.Iterations / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        if (!buggy && !report.FoundBug)
        {
            var end = report.StopReason == StopReason.SpaceExhausted ? "exhausted in" : "not exhausted in";
            return new ClassicProgram(name, string.Create(CultureInfo.InvariantCulture, $"{strategy} ({end} {report.Iterations:N0})"), rate, null, null);
        }

        var bug = SchedulesToBug.Of([report.FoundBug ? (true, report.Bugs[0].Iteration + 1) : (false, report.Iterations)]);
        return new ClassicProgram(name, strategy, rate, bug.Median, bug);
    }

    /// <summary>
    /// Seeds 1, 2, ... each run to its first bug or <see cref="BenchOptions.BugIterationCap"/>,
    /// until <see cref="BenchOptions.ClassicSeeds"/> seeds or the schedule budget is spent: a program
    /// whose bug is rare (reorder-10 under random scheduling) stops after a few capped seeds.
    /// </summary>
    private SchedulesToBug SchedulesToBugOver(ITestProgram program, TestingConfiguration configuration)
    {
        var runs = new List<(bool Found, int Schedules)>();
        var spent = 0L;
        for (var seed = 1; seed <= options.ClassicSeeds && spent < options.ClassicScheduleBudget; seed++)
        {
            var report = TestingEngine.Run(program, configuration with { Seed = (ulong)seed, Iterations = options.BugIterationCap, StopAtFirstBug = true });
            var run = report.FoundBug ? (true, report.Bugs[0].Iteration + 1) : (false, report.Iterations);
            runs.Add(run);
            spent += run.Item2;
        }

        return SchedulesToBug.Of(runs);
    }

    /// <summary>
    /// FsCheck cases a second of the main integrity property (an fsync loses no dirty data) on the
    /// current era, over the cases a matrix cell checks, from the matrix's seed so that every
    /// repetition runs the same cases.
    /// </summary>
    private IEnumerable<PropertyThroughput> MeasureProperties()
    {
        var era = KernelEras.Current;
        foreach (var property in new[] { EraPropertyCatalog.Find(IntegrityMonitor.Name) })
        {
            progress($"property {property.Name} {era.Info().Version}");
            var cases = options.PropertyCases ?? property.Cases;
            if (property.ExpectedOn(era) is not null)
            {
                throw new InvalidOperationException($"property '{property.Name}' is expected to fail on {era.Info().Version}: its cases a second would time shrinking, not checking");
            }

            // Whole checks for a few seconds: the model and FsCheck are much code, and their first
            // checks run at a third of the speed of later ones while the JIT's tiers catch up.
            var warmUp = Stopwatch.StartNew();
            do
            {
                Check(property, era, cases);
            }
            while (warmUp.Elapsed < options.PropertyWarmUp);

            var rates = new List<double>();
            for (var i = 0; i < options.Repetitions; i++)
            {
                rates.Add(cases / Check(property, era, cases).TotalSeconds);
            }

            yield return new PropertyThroughput(property.Name, era.Info().Version, cases, Sample.Of(rates).Median);
        }
    }

    private static TimeSpan Check(EraProperty property, KernelEra era, int cases)
    {
        var result = property.Check(era, cases);
        return result.Holds
            ? result.Elapsed
            : throw new InvalidOperationException($"property '{property.Name}' failed on {era.Info().Version}, where it is expected to hold: run wbcheck matrix to see the counterexample\n{result.Report}");
    }
}
