using System.CommandLine;
using Wbcheck.Cli.Counterexamples;
using Wbcheck.Cli.Progress;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck property NAME</c>: check one FsCheck property of the era catalog on one era, or run
/// again the one case a counterexample file names (<c>--replay</c>); prints what the era table
/// expects, and a failure's shrunk counterexample with its replay command. Exit 1 when a
/// counterexample is found, 0 when none, 2 on bad options.
/// </summary>
internal static class PropertyCommand
{
    /// <summary>
    /// The most cases one check may ask for (docs/limits.md): FsCheck has no time budget, so the
    /// cases bound the time, a few seconds at this many (the matrix's cells check hundreds).
    /// </summary>
    internal const int MaxCases = 100_000;

    public static Command Create(CliEnvironment environment)
    {
        var name = new Argument<string>("name")
        {
            Description = $"The property (quote it): {string.Join("; ", EraPropertyCatalog.All.Select(p => p.Name))} (wbcheck list properties)",
            Validators =
            {
                result =>
                {
                    var given = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                    if (EraPropertyCatalog.All.All(p => p.Name != given))
                    {
                        result.AddError($"unknown property '{given}'; known properties: {string.Join("; ", EraPropertyCatalog.All.Select(p => p.Name))}");
                    }
                },
            },
        };
        var era = CommonOptions.Era("The kernel era: a version such as 2.6.29, or current (wbcheck list eras); default current");
        var cases = CommonOptions.OptionalCount("--cases", "Cases to generate (default: the property's budget in the matrix)", 1, maximum: MaxCases);
        var seed = CommonOptions.Seed($"Seed of the generated cases (default {EraProperty.DefaultSeed}, the matrix's)");
        var replay = new Option<ReplaySeed?>("--replay")
        {
            Description = "Run again only the failing case a counterexample names: its seed,gamma,size",
            HelpName = "SEED,GAMMA,SIZE",
            CustomParser = result =>
            {
                try
                {
                    return ReplaySeed.Parse(result.Tokens[0].Value);
                }
                catch (FormatException exception)
                {
                    result.AddError($"--replay: {exception.Message}");
                    return null;
                }
            },
        };

        var timeout = CommonOptions.Timeout();
        timeout.Description = "Stop between two cases after this long (90, 90s, 5m, 1h or 00:01:30): 'stopped by --timeout after N cases, " +
                              "no counterexample found', exit 0 as test's --timeout (a time budget, not a failure)";
        var command = new Command("property", "Check one property of the era catalog on one kernel era, or replay a counterexample's case. Exit 1 when a counterexample is found, 0 when none (also when --timeout stops it first, and it says so), 2 on bad options.")
        {
            name, era, cases, seed, replay, timeout,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var replayed = parse.GetValue(replay);
            if (replayed is not null && parse.GetValue(seed) is not null)
            {
                error.WriteLine("wbcheck property: --replay runs the case it names, with its own seed: drop --seed or --replay");
                return ExitCodes.Usage;
            }

            var property = EraPropertyCatalog.Find(parse.GetValue(name)!);
            var chosenEra = parse.GetValue(era) ?? KernelEras.Current;
            if (property.NotApplicableTo(chosenEra) is { } reason)
            {
                error.WriteLine($"wbcheck property: '{property.Name}' does not apply to {chosenEra.Info().Version}: {reason}");
                return ExitCodes.Usage;
            }

            var limit = parse.GetValue(timeout);
            var result = replayed is not null
                ? property.Replay(chosenEra, replayed, parse.GetValue(cases), limit)
                : property.Check(chosenEra, parse.GetValue(cases), parse.GetValue(seed) ?? EraProperty.DefaultSeed, limit);
            return Report(property, result, environment, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    private static int Report(EraProperty property, EraCheckResult result, CliEnvironment environment, TextWriter output)
    {
        output.Write(CounterexampleText.Render(property, result, environment));
        output.WriteLine($"{ProgressStatus.Duration(result.Elapsed)}");
        return result.Holds ? ExitCodes.Ok : ExitCodes.BugFound;
    }
}
