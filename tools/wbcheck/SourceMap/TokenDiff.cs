namespace Wbcheck.Cli.SourceMap;

/// <summary>
/// The first place where two function bodies differ, token by token: a few tokens of context
/// before, the tokens removed and added, a few after, the lines where it happens in each, and how
/// many separate changes there are in all. Found with a longest common subsequence over the
/// tokens (comments dropped) once the common prefix and suffix are set aside.
/// </summary>
internal sealed record TokenDiff(
    int BaselineLine,
    int Line,
    IReadOnlyList<string> Before,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> After,
    int Changes)
{
    private const int Context = 4;

    // Past this many cells the table would cost too much memory; the differing middle is then one change.
    private const long MaximumTableCells = 4_000_000;

    /// <summary>The difference from <paramref name="baseline"/> to <paramref name="current"/>; null when their tokens are equal.</summary>
    public static TokenDiff? Between(IEnumerable<CToken> baseline, IEnumerable<CToken> current)
    {
        var old = BodyFingerprint.Significant(baseline).ToList();
        var now = BodyFingerprint.Significant(current).ToList();

        var prefix = 0;
        while (prefix < old.Count && prefix < now.Count && old[prefix].Text == now[prefix].Text)
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < old.Count - prefix && suffix < now.Count - prefix && old[^(suffix + 1)].Text == now[^(suffix + 1)].Text)
        {
            suffix++;
        }

        if (prefix == old.Count && prefix == now.Count)
        {
            return null;
        }

        var oldMiddle = old.GetRange(prefix, old.Count - prefix - suffix);
        var newMiddle = now.GetRange(prefix, now.Count - prefix - suffix);
        var (oldStart, oldEnd, newStart, newEnd, changes) = (long)oldMiddle.Count * newMiddle.Count <= MaximumTableCells
            ? FirstChange(oldMiddle, newMiddle)
            : (0, oldMiddle.Count, 0, newMiddle.Count, 1);

        oldStart += prefix;
        oldEnd += prefix;
        newStart += prefix;
        newEnd += prefix;
        return new TokenDiff(
            LineAt(old, oldStart),
            LineAt(now, newStart),
            now.Skip(Math.Max(0, newStart - Context)).Take(Math.Min(Context, newStart)).Select(t => t.Text).ToList(),
            old.Skip(oldStart).Take(oldEnd - oldStart).Select(t => t.Text).ToList(),
            now.Skip(newStart).Take(newEnd - newStart).Select(t => t.Text).ToList(),
            now.Skip(newEnd).Take(Context).Select(t => t.Text).ToList(),
            changes);
    }

    /// <summary>Renders like wdiff, spaced so that a "--" token stays readable: <c>… a b [- old -] {+ new +} c d …</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Before.Count > 0)
        {
            parts.Add("… " + string.Join(' ', Before));
        }

        if (Removed.Count > 0)
        {
            parts.Add($"[- {string.Join(' ', Removed)} -]");
        }

        if (Added.Count > 0)
        {
            parts.Add($"{{+ {string.Join(' ', Added)} +}}");
        }

        if (After.Count > 0)
        {
            parts.Add(string.Join(' ', After) + " …");
        }

        var more = Changes > 1 ? $" (and {Changes - 1} more change{(Changes > 2 ? "s" : "")})" : "";
        return $"line {Line} (was {BaselineLine}): {string.Join(' ', parts)}{more}";
    }

    /// <summary>
    /// The first run of edits in a shortest edit script from <paramref name="old"/> to
    /// <paramref name="now"/> (as index ranges in each), and how many runs there are.
    /// </summary>
    private static (int OldStart, int OldEnd, int NewStart, int NewEnd, int Changes) FirstChange(List<CToken> old, List<CToken> now)
    {
        // common[i, j]: length of the longest common subsequence of old[i..] and now[j..].
        var width = now.Count + 1;
        var common = new int[(old.Count + 1) * width];
        for (var i = old.Count - 1; i >= 0; i--)
        {
            for (var j = now.Count - 1; j >= 0; j--)
            {
                common[(i * width) + j] = old[i].Text == now[j].Text
                    ? common[((i + 1) * width) + j + 1] + 1
                    : Math.Max(common[((i + 1) * width) + j], common[(i * width) + j + 1]);
            }
        }

        (int, int, int, int)? first = null;
        var changes = 0;
        int x = 0, y = 0;
        while (x < old.Count || y < now.Count)
        {
            if (x < old.Count && y < now.Count && old[x].Text == now[y].Text)
            {
                x++;
                y++;
                continue;
            }

            var (startX, startY) = (x, y);
            while (x < old.Count || y < now.Count)
            {
                if (x < old.Count && y < now.Count && old[x].Text == now[y].Text)
                {
                    break;
                }

                if (y == now.Count || (x < old.Count && common[((x + 1) * width) + y] >= common[(x * width) + y + 1]))
                {
                    x++;
                }
                else
                {
                    y++;
                }
            }

            changes++;
            first ??= (startX, x, startY, y);
        }

        var (oldStart, oldEnd, newStart, newEnd) = first ?? (0, 0, 0, 0);
        return (oldStart, oldEnd, newStart, newEnd, changes);
    }

    private static int LineAt(List<CToken> tokens, int index) =>
        tokens.Count == 0 ? 0 : tokens[Math.Min(index, tokens.Count - 1)].Line;
}
