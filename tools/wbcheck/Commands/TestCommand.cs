using System.CommandLine;
using Wbcheck.Cli.Coyote;
using Wbcheck.Cli.Progress;
using Wbcheck.Cli.Traces;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck test SCENARIO</c>: explore the schedules of one race scenario on one era with a
/// strategy, as <c>coyote test</c> does; a bug found is written as a trace, with the command that
/// replays it. Exit 1 when a bug is found, 0 when none, 2 on bad options.
/// </summary>
internal static class TestCommand
{
    private const string DefaultStrategy = "pct";

    /// <summary>Worker threads at most: each holds a whole kernel (docs/limits.md).</summary>
    private const int MaxWorkers = 64;

    /// <summary>The values of <c>--dpor</c>.</summary>
    private static readonly Dictionary<string, DporMode> DporModes = new()
    {
        ["off"] = DporMode.Off,
        ["flanagan-godefroid"] = DporMode.FlanaganGodefroid,
        ["source"] = DporMode.Source,
        ["optimal"] = DporMode.Optimal,
    };

    private static string Spell(DporMode mode) => DporModes.First(entry => entry.Value == mode).Key;

    public static Command Create(CliEnvironment environment)
    {
        var defaults = RaceScenario.DefaultConfiguration;
        var scenario = CommonOptions.Scenario();
        var era = CommonOptions.Era("The kernel era: a version such as 2.6.29, or current (wbcheck list eras); default current");
        var strategy = new Option<string>("--strategy")
        {
            Description = $"How schedules are chosen: {string.Join("; ", StrategyTable.Names.Select(n => $"{n}: {StrategyTable.DescriptionOf(n)}"))}",
            DefaultValueFactory = _ => DefaultStrategy,
        };
        strategy.AcceptOnlyFromAmong([.. StrategyTable.Names]);
        var iterations = CommonOptions.Count("--iterations", "Schedules to try (dfs stops earlier once it has explored them all)", defaults.Iterations, 1);
        var maxSteps = CommonOptions.OptionalCount(
            "--max-steps",
            $"Decisions per schedule; a scenario still running after them is a livelock (default {defaults.MaxSteps}, more for a file of over 1,000 pages)",
            4,
            maximum: TestingConfiguration.MaxStepsLimit);
        var seed = CommonOptions.Seed("Seed of the run; each iteration is seeded from it (default 0)");
        var timeout = CommonOptions.Timeout();
        var parallel = CommonOptions.Count("--parallel", "Worker threads sharing the iterations (the bugs found do not depend on it; not with dfs)", 1, 1, maximum: MaxWorkers);
        var shard = CommonOptions.ShardOption();
        var small = new Option<bool>("--small") { Description = "The scenario's small configuration (bounded threads, 2 pages), as the matrix searches exhaustively" };
        var pages = CommonOptions.OptionalCount(
            "--pages",
            "Pages of the scenario's file, for the scenarios whose file has no fixed size (default 4, or 2 with --small)",
            1,
            maximum: ScenarioLimits.MaxPages);
        var preemptionBound = CommonOptions.OptionalCount("--preemption-bound", $"With --strategy dfs: at most this many preemptions per schedule; without it dfs iterates the bound 0, 1, 2, ... up to {TestingConfiguration.IteratedPreemptionCap}, so the first bug found has the fewest preemptions", 0);
        var output = CommonOptions.Out("Folder for the trace of a bug found");
        var engine = CoyoteTestOptions.Engine();
        var stateful = new Option<bool>("--stateful")
        {
            Description = "With --strategy dfs: stop a schedule at a state already explored (states kept as 64-bit fingerprints, " +
                          "SPIN's hash compaction, in a table of --state-budget)",
        };
        var lassos = new Option<bool>("--lasso")
        {
            Description = "Report a livelock as a lasso (a prefix, then a cycle every enabled thread takes part in) as soon as a state " +
                          "comes back while a liveness monitor is hot; a livelock whose state keeps growing is still found by the liveness bound",
        };
        var dpor = new Option<string?>("--dpor")
        {
            Description = "With --strategy dfs: dynamic partial-order reduction, so a branch tries only threads whose steps race with " +
                          "the one taken there: source (source sets, Abdulla et al. 2014), optimal (source sets with wakeup trees, the same paper: " +
                          "fewer schedules end asleep), flanagan-godefroid (POPL 2005), or off " +
                          $"(sleep sets alone); default {Spell(TestingConfiguration.Default.Dpor)} (docs/search.md)",
        };
        dpor.AcceptOnlyFromAmong([.. DporModes.Keys]);
        var stateBudget = CommonOptions.OptionalCount(
            "--state-budget", "With --stateful: megabytes the visited-state table may take (40 bytes a state; default 64)", 1, "MB", maximum: 16_384);

        var command = new Command("test", "Explore one race scenario's schedules on one kernel era; write the trace of the first bug found. Exit 1 when a bug is found, 0 when none, 2 on bad options.")
        {
            scenario, era, strategy, iterations, maxSteps, seed, timeout, parallel, shard, small, pages, preemptionBound, output, engine,
            stateful, stateBudget, lassos, dpor,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var chosen = parse.GetValue(strategy)!;
            if (parse.GetValue(preemptionBound) is not null && chosen != "dfs")
            {
                error.WriteLine($"wbcheck test: --preemption-bound bounds the dfs strategy only, not {chosen}: add --strategy dfs or drop it");
                return ExitCodes.Usage;
            }

            if ((parse.GetValue(stateful) || parse.GetValue(stateBudget) is not null) && chosen != "dfs")
            {
                error.WriteLine($"wbcheck test: --stateful and --state-budget are modes of the dfs strategy, not of {chosen}: add --strategy dfs or drop them");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(dpor) is not null && chosen != "dfs")
            {
                error.WriteLine($"wbcheck test: --dpor is a mode of the dfs strategy, not of {chosen}: add --strategy dfs or drop it");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(stateBudget) is not null && !parse.GetValue(stateful))
            {
                error.WriteLine("wbcheck test: --state-budget sizes the table of --stateful: add --stateful or drop it");
                return ExitCodes.Usage;
            }

            var isSmall = parse.GetValue(small);
            var name = parse.GetValue(scenario)!;
            var options = ScenarioOptions.Default with
            {
                Era = parse.GetValue(era) ?? KernelEras.Current,
                Small = isSmall,
                Pages = parse.GetValue(pages) ?? (isSmall ? 2 : ScenarioOptions.Default.Pages),
            };
            RaceScenario race;
            TestingConfiguration configuration;
            try
            {
                race = ScenarioCatalog.Create(name, options);
                if (parse.GetValue(pages) is not null && !race.UsesPages)
                {
                    error.WriteLine($"wbcheck test: scenario '{name}' fixes its own page count, so --pages does not apply to it: drop --pages");
                    return ExitCodes.Usage;
                }

                var scaled = race.Configuration;
                var steps = parse.GetValue(maxSteps) ?? scaled.MaxSteps;
                configuration = scaled with
                {
                    Strategy = chosen,
                    Iterations = parse.GetValue(iterations),
                    MaxSteps = steps,

                    // The scenarios' short unfair phase and long liveness bound, scaled down with a lower maximum.
                    MaxUnfairSteps = Math.Min(scaled.MaxUnfairSteps!.Value, steps / 2),
                    LivenessBound = Math.Min(scaled.LivenessBound!.Value, steps / 2),
                    Seed = parse.GetValue(seed) ?? 0,
                    TimeBudget = parse.GetValue(timeout),
                    Workers = parse.GetValue(parallel),
                    Shard = parse.GetValue(shard) ?? Shard.Whole,
                    PreemptionBound = parse.GetValue(preemptionBound),
                    Stateful = parse.GetValue(stateful),
                    Dpor = parse.GetValue(dpor) is { } mode ? DporModes[mode] : scaled.Dpor,
                    LassoLivelocks = parse.GetValue(lassos),
                    StateBudgetBytes = (parse.GetValue(stateBudget) ?? 64) * (1L << 20),
                };
                configuration.Validate();
            }
            catch (ArgumentException exception)
            {
                // An unknown option value, or a scenario that does not apply to the era (the reason is in the message).
                error.WriteLine($"wbcheck test: {Messages.OneLine(exception)}");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(engine) == CoyoteTestOptions.Coyote)
            {
                return CoyoteTestOptions.Run(parse, configuration, race, environment.Resolve(parse.GetValue(output)!), environment);
            }

            return Run(race, configuration, environment.Resolve(parse.GetValue(output)!), environment, parse.InvocationConfiguration.Output, error);
        });
        return command;
    }

    internal static int Run(RaceScenario scenario, TestingConfiguration configuration, string folder, CliEnvironment environment, TextWriter output, TextWriter error)
    {
        var era = scenario.Options.Era;
        var title = $"test {scenario.Name} on {era.Info().Version}";
        var progress = new RunProgress();
        long? total = configuration.Iterations / configuration.Shard.Count;
        var report = new ProgressDisplay(environment, error).Run(
            title,
            elapsed => ProgressStatus.ForRun(progress, total, elapsed, configuration.TimeBudget),
            () => TestingEngine.Run(scenario, configuration, progress));

        output.WriteLine(report.Summary());
        output.WriteLine($"{ProgressStatus.Duration(report.Elapsed)}, {ProgressStatus.Number((long)(report.Iterations / Math.Max(report.Elapsed.TotalSeconds, 1e-3)))} schedules/s");
        if (Expectations.For(scenario.Name, era) is { } expected)
        {
            output.WriteLine($"the era table expects {expected.Describe()} on {era.Info().Version}, fixed by {expected.FixedBy}");
        }
        else
        {
            output.WriteLine($"the era table expects {scenario.Name} to hold on {era.Info().Version}");
        }

        if (!report.FoundBug)
        {
            return ExitCodes.Ok;
        }

        var trace = report.Bugs[0];
        string path;
        try
        {
            path = TraceFiles.Save(trace, folder, TraceFiles.NameFor(scenario, minimized: false));
        }
        catch (IOException exception)
        {
            error.WriteLine($"wbcheck test: found a bug but cannot write its trace to '{environment.Show(folder)}': {exception.Message}");
            return ExitCodes.Usage;
        }

        var shown = environment.Show(path);
        output.WriteLine($"trace:    {shown}");
        output.WriteLine($"replay:   {environment.Command("replay", shown)}");
        output.WriteLine($"minimize: {environment.Command("minimize", shown, "-o", environment.Show(Path.Combine(folder, TraceFiles.NameFor(scenario, minimized: true))))}");
        return ExitCodes.BugFound;
    }
}
