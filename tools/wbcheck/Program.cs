using Wbcheck.Cli;

return Cli.Run(args, Console.Out, Console.Error, CliEnvironment.FromProcess());
