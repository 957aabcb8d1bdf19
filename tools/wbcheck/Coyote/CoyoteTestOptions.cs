using System.CommandLine;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Coyote;

namespace Wbcheck.Cli.Coyote;

/// <summary>The <c>--engine</c> option of <c>wbcheck test</c>, and how the test options read under Coyote.</summary>
internal static class CoyoteTestOptions
{
    public const string Ours = "wbcheck";
    public const string Coyote = "coyote";

    public static Option<string> Engine()
    {
        var engine = new Option<string>("--engine")
        {
            Description = "Whose engine explores the schedules: wbcheck (ours, the default) or coyote (Microsoft Coyote's TestingEngine; " +
                          "--strategy random or pct, pct being Coyote's fair prioritization)",
            DefaultValueFactory = _ => Ours,
        };
        engine.AcceptOnlyFromAmong(Ours, Coyote);
        return engine;
    }

    /// <summary>Run <paramref name="scenario"/> under Coyote with the limits of <paramref name="configuration"/>; refuses what Coyote has no counterpart for.</summary>
    public static int Run(ParseResult parse, TestingConfiguration configuration, RaceScenario scenario, string folder, CliEnvironment environment)
    {
        var error = parse.InvocationConfiguration.Error;
        var strategy = CoyoteTestRun.StrategyFor(configuration.Strategy);
        string? refused = strategy is null ? $"--strategy {configuration.Strategy} has no Coyote counterpart here; use random or pct"
            : configuration.Workers > 1 ? "--parallel runs our engine's workers; Coyote runs one iteration at a time here"
            : configuration.Shard.Count > 1 ? "--shard splits our engine's iterations; not with --engine coyote"
            : configuration.Seed > uint.MaxValue ? $"Coyote's seed is 32 bits; {configuration.Seed} is too large"
            : null;
        if (refused is not null)
        {
            error.WriteLine($"wbcheck test: {refused}");
            return ExitCodes.Usage;
        }

        var settings = CoyoteSettings.Default with
        {
            Strategy = strategy!,
            Iterations = configuration.Iterations,
            Seed = (uint)configuration.Seed,
            MaxSteps = configuration.MaxSteps,
            MaxUnfairSteps = configuration.MaxUnfairSteps ?? CoyoteSettings.Default.MaxUnfairSteps,
            LivenessBound = configuration.LivenessBound ?? CoyoteSettings.Default.LivenessBound,
            Timeout = configuration.TimeBudget ?? CoyoteSettings.Default.Timeout,
        };
        return CoyoteTestRun.Run(scenario, settings, folder, environment, parse.InvocationConfiguration.Output, error);
    }
}
