namespace Wbcheck.CSource;

public enum CDefinitionKind
{
    Function,

    /// <summary>A <c>#define</c>: found when a citation names it, never listed as an uncovered function.</summary>
    Macro,
}
