namespace Wbcheck.Cli.SourceMap;

internal enum CDefinitionKind
{
    Function,

    /// <summary>A <c>#define</c>: found when a citation names it, never listed as an uncovered function.</summary>
    Macro,
}
