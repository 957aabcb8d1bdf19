namespace Wbcheck.CSource;

/// <summary>
/// Brace and parenthesis depth through a C file whose conditionals (<c>#if</c>, <c>#ifdef</c>,
/// <c>#elif</c>, <c>#else</c>, <c>#endif</c>) we cannot evaluate.
/// </summary>
/// <remarks>
/// The choice, and why: the extractor keeps the tokens of every branch (a function's fingerprint
/// covers all its configurations, so a change under any CONFIG_ option is seen as drift), but
/// nesting cannot add up the braces of all branches: kernel code often opens a block differently
/// in each branch (<c>if (a) {</c> / <c>#else</c> / <c>if (b) {</c>) or splits a signature
/// across them, and counting both would swallow the rest of the file into one body. So every
/// branch starts from the depth the group started with, and after <c>#endif</c> the depth is the
/// one the first live branch ended with, as if that branch were compiled. A branch under
/// <c>#if 0</c> or <c>#elif 0</c> is dead: its tokens do not count at all, and functions in it are
/// not definitions.
/// </remarks>
public sealed class NestingTracker
{
    private readonly Stack<ConditionalGroup> groups = new();

    public int BraceDepth { get; private set; }

    public int ParenDepth { get; private set; }

    /// <summary>True inside a branch that can never be compiled (<c>#if 0</c>).</summary>
    public bool IsDead => groups.Any(group => group.BranchIsDead);

    /// <summary>Follows one token; comments are ignored, directives steer the conditionals.</summary>
    public void Observe(CToken token)
    {
        if (token.Kind == CTokenKind.Comment)
        {
            return;
        }

        if (token.Kind == CTokenKind.Preprocessor)
        {
            ObserveDirective(token);
            return;
        }

        if (IsDead || token.Kind != CTokenKind.Punctuator)
        {
            return;
        }

        switch (token.Text)
        {
            case "{":
                BraceDepth++;
                break;
            case "}":
                BraceDepth = Math.Max(0, BraceDepth - 1);
                break;
            case "(":
                ParenDepth++;
                break;
            case ")":
                ParenDepth = Math.Max(0, ParenDepth - 1);
                break;
        }
    }

    private void ObserveDirective(CToken directive)
    {
        var words = directive.DirectiveTokens.Where(t => t.Kind != CTokenKind.Comment).Select(t => t.Text).ToList();
        var keyword = words.Count > 1 ? words[1] : "";
        var isZero = words.Count == 3 && words[2] == "0";
        switch (keyword)
        {
            case "if" or "ifdef" or "ifndef":
                groups.Push(new ConditionalGroup(BraceDepth, ParenDepth) { BranchIsDead = keyword == "if" && isZero });
                break;
            case "elif" or "elifdef" or "elifndef" or "else" when groups.Count > 0:
                var group = groups.Peek();
                group.EndBranch(BraceDepth, ParenDepth);
                (BraceDepth, ParenDepth) = (group.BraceDepthAtStart, group.ParenDepthAtStart);
                group.BranchIsDead = keyword == "elif" && isZero;
                break;
            case "endif" when groups.Count > 0:
                var ended = groups.Pop();
                ended.EndBranch(BraceDepth, ParenDepth);
                (BraceDepth, ParenDepth) = ended.DepthAfter ?? (ended.BraceDepthAtStart, ended.ParenDepthAtStart);
                break;
        }
    }
}
