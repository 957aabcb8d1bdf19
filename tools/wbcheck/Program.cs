using System.CommandLine;
using Wbcheck.Cli.Commands;

var root = new RootCommand("wbcheck: verification harness for the Linux page-cache writeback path.");
root.Add(SourceMapCommand.Create());
return root.Parse(args).Invoke();
