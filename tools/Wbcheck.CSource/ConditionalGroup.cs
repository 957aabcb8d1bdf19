namespace Wbcheck.CSource;

/// <summary>One open <c>#if</c> ... <c>#endif</c> group, as <see cref="NestingTracker"/> follows it.</summary>
public sealed class ConditionalGroup(int braceDepthAtStart, int parenDepthAtStart)
{
    public int BraceDepthAtStart { get; } = braceDepthAtStart;

    public int ParenDepthAtStart { get; } = parenDepthAtStart;

    /// <summary>True while the current branch is <c>#if 0</c> or <c>#elif 0</c>.</summary>
    public bool BranchIsDead { get; set; }

    /// <summary>The depth the first live branch ended with: the depth after <c>#endif</c>.</summary>
    public (int Brace, int Paren)? DepthAfter { get; private set; }

    public void EndBranch(int braceDepth, int parenDepth)
    {
        if (!BranchIsDead && DepthAfter is null)
        {
            DepthAfter = (braceDepth, parenDepth);
        }
    }
}
