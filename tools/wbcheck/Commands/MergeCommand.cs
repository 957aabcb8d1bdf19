using System.CommandLine;
using Wbcheck.Cli.Matrix;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck merge DIR...</c>: the shards of a <c>wbcheck matrix --shard i/N</c> run, one --out
/// folder each, combined into the tables, the files and the exit code of the run unsharded.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var folders = new Argument<string[]>("DIR")
        {
            Description = "The --out folder of each shard of one `wbcheck matrix --shard i/N` run (every shard, each once)",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = CommonOptions.Out("Folder to copy the shards' minimized traces and counterexamples to, as one run writes them");
        var json = new Option<bool>("--json") { Description = "Print the matrix as JSON instead of a table" };
        var command = new Command(
            "merge",
            "Combine the shards of a `wbcheck matrix --shard i/N` run into its tables and traces: the same output, files and exit code as the " +
            "run unsharded (0 when every cell is as the era table expects, 1 otherwise); exit 2 when the shards are not every share of one run.")
        {
            folders, output, json,
        };
        command.SetAction(parse => Run(
            parse.GetValue(folders)!,
            parse.GetValue(output)!,
            parse.GetValue(json),
            environment,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> folders, string output, bool json, CliEnvironment environment, TextWriter stdout, TextWriter error)
    {
        MatrixRun run;
        try
        {
            run = MatrixMerge.Run(folders, environment.Resolve(output), environment);
        }
        catch (MatrixMergeException exception)
        {
            error.WriteLine($"wbcheck merge: {exception.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"wbcheck merge: cannot write the traces to '{output}': {Messages.OneLine(exception)}");
            return ExitCodes.Usage;
        }

        stdout.Write(json ? MatrixJson.Render(run, environment) : MatrixReport.Render(run, environment));
        return run.Mismatches.Any() ? ExitCodes.BugFound : ExitCodes.Ok;
    }
}
