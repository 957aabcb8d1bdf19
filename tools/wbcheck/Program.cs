using System.CommandLine;
using Wbcheck.Cli;
using Wbcheck.Cli.Commands;

var root = new RootCommand("wbcheck: verification harness for the Linux page-cache writeback path.\n" + ExitCodes.Help);
root.Subcommands.Add(BiosCommand.Create());
root.Subcommands.Add(ListCommand.Create());
root.Subcommands.Add(ReviewCommand.Create());
root.Subcommands.Add(SourceMapCommand.Create());
root.Subcommands.Add(BenchCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"wbcheck: {error.Message}");
    }

    Console.Error.WriteLine("Run 'wbcheck --help' for usage.");
    return ExitCodes.Usage;
}

return parse.Invoke();
