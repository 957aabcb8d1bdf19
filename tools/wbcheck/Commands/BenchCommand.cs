using System.CommandLine;
using Wbcheck.Cli.Bench;

namespace Wbcheck.Cli.Commands;

/// <summary><c>wbcheck bench</c>: the benchmark runner (no BenchmarkDotNet: it pulls in Roslyn).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON (for tracking them over time)" };
        var quick = new Option<bool>("--quick") { Description = "Fewer repetitions, seeds and iterations: a smoke run, not figures to quote" };
        var only = new Option<string?>("--only") { Description = "Only the figures named: trivial, scenarios, bugs, dfs, classic, properties or soak (only when named); or coyote: the same programs under our engine and Coyote, side by side (only when named)" };
        var command = new Command("bench", "Measure exploration throughput, time to each expected bug, DFS exhaustion, the classic programs and FsCheck cases a second") { json, quick, only };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(only) is { } asked && !BenchRunner.Figures.Any(figure => figure.Contains(asked, StringComparison.OrdinalIgnoreCase)))
            {
                error.WriteLine($"wbcheck bench: --only '{asked}' names no figure; the figures are {string.Join(", ", BenchRunner.Figures)}");
                return ExitCodes.Usage;
            }

            var options = (parse.GetValue(quick) ? BenchOptions.Quick : BenchOptions.Full) with { Only = parse.GetValue(only) };
            if (options.Only == "coyote")
            {
                // Side by side with Coyote: only when asked for, Coyote runs a few hundred schedules a second.
                var rows = new CoyoteBench(options, line => error.WriteLine($"bench: {line}")).Run();
                parse.InvocationConfiguration.Output.Write(parse.GetValue(json) ? CoyoteBench.ToJson(rows) : CoyoteBench.ToText(rows));
                return ExitCodes.Ok;
            }

            var report = new BenchRunner(options, line => error.WriteLine($"bench: {line}")).Run();
            parse.InvocationConfiguration.Output.Write(parse.GetValue(json) ? BenchRendering.ToJson(report) : BenchRendering.ToText(report));
            return ExitCodes.Ok;
        });
        return command;
    }
}
