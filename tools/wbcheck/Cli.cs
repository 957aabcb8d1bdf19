using System.CommandLine;
using Wbcheck.Cli.Commands;
using Wbcheck.Model;

namespace Wbcheck.Cli;

/// <summary>
/// The whole command line, in-process: parse, run the command, map every failure to one line on
/// standard error and a documented exit code. <c>Program</c> calls it with the console; tests call
/// it with their own writers and environment.
/// </summary>
internal static class Cli
{
    public static RootCommand CreateRoot(CliEnvironment environment)
    {
        var root = new RootCommand("wbcheck: verification harness for the Linux page-cache writeback path.\n" + ExitCodes.Help);
        root.Subcommands.Add(MatrixCommand.Create(environment));
        root.Subcommands.Add(MergeCommand.Create(environment));
        root.Subcommands.Add(TestCommand.Create(environment));
        root.Subcommands.Add(ReplayCommand.Create(environment));
        root.Subcommands.Add(MinimizeCommand.Create(environment));
        root.Subcommands.Add(PropertyCommand.Create(environment));
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(BiosCommand.Create());
        root.Subcommands.Add(ReviewCommand.Create());
        root.Subcommands.Add(SourceMapCommand.Create());
        root.Subcommands.Add(ConformCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error, CliEnvironment environment)
    {
        var root = CreateRoot(environment);
        if (Array.FindIndex(args, arg => arg.Contains('\0', StringComparison.Ordinal)) is var nul and >= 0)
        {
            // A process's arguments are C strings and cannot hold a NUL; only an in-process caller
            // can pass one, and no name, number or path may hold it (parsing a path with it throws).
            var named = root.Subcommands.FirstOrDefault(command => args.Length > 0 && command.Name == args[0]);
            error.WriteLine($"{Prefix(named ?? root)}: argument {nul + 1} contains a NUL character, which no name, number or path may hold");
            return ExitCodes.Usage;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, prefixed with the command the words reached; its --help says the rest.
            var problems = parse.Errors.Select(problem => problem.Message.ReplaceLineEndings(" ").Trim()).Distinct().ToList();
            if (problems.Count > 1)
            {
                // "Required command was not provided" beside an unknown word only repeats it.
                problems.RemoveAll(problem => problem.StartsWith("Required command", StringComparison.Ordinal));
            }

            error.WriteLine($"{Prefix(parse.CommandResult.Command)}: {string.Join("; ", problems)}");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (KernelConfigException exception)
        {
            // A setting the era's kernel lacked, asked for while a search ran (a model thread's
            // request; those made while a program builds its state are refused by each command).
            error.WriteLine($"{Prefix(parse.CommandResult.Command)}: {exception.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Usage;
        }
        catch (Exception exception)
        {
            // Every expected failure is handled by its command; what reaches here is wbcheck's own fault.
            error.WriteLine($"{Prefix(parse.CommandResult.Command)}: internal error: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>"wbcheck test" for a command, "wbcheck" for the root: every error line starts with it.</summary>
    private static string Prefix(Command command) => command is RootCommand ? "wbcheck" : $"wbcheck {command.Name}";
}
