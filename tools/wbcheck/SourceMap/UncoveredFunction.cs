namespace Wbcheck.Cli.SourceMap;

/// <summary>A function defined in a cited file that no model member cites.</summary>
internal sealed record UncoveredFunction(string File, string SourcePath, string Function, int Line);
