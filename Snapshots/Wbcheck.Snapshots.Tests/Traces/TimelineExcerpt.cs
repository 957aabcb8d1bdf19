using System.Text;
using System.Text.RegularExpressions;

namespace Wbcheck.Snapshots.Tests.Traces;

/// <summary>
/// Cuts the middle out of a long timeline, so that a livelock's thousands of fair-phase steps do
/// not bury the steps that matter: the header, the first steps (how the race sets up) and the last
/// (the cycle that repeats) stay, with a line saying how many steps were left out; so do the first
/// lines of a long list of details under the bug (a livelock names every I/O completion thread).
/// The header still states the full step count, so a change in length still shows as a diff.
/// </summary>
internal static class TimelineExcerpt
{
    /// <summary>A step row: the step number right-aligned, then the thread.</summary>
    private static readonly Regex StepRow = new(@"^\s*\d+  (T\d+|setup) ", RegexOptions.CultureInvariant);

    public static string Cut(string timeline, int head, int tail, int details)
    {
        var lines = CutDetails(timeline.Split('\n'), details);
        var rows = lines.Select((line, index) => (line, index)).Where(l => StepRow.IsMatch(l.line)).Select(l => l.index).ToList();
        if (rows.Count <= head + tail)
        {
            return string.Join("\n", lines);
        }

        var cutFrom = rows[head];
        var cutTo = rows[^tail];
        var text = new StringBuilder();
        foreach (var line in lines[..cutFrom])
        {
            text.Append(line).Append('\n');
        }

        text.Append($"   ... steps {head} to {rows.Count - tail - 1} ({rows.Count - head - tail} steps) left out of this snapshot ...\n");
        text.Append(string.Join("\n", lines[cutTo..]));
        return text.ToString();
    }

    /// <summary>At most <paramref name="keep"/> detail lines (indented) after the bug's "=>" line.</summary>
    private static string[] CutDetails(string[] lines, int keep)
    {
        var bug = Array.FindLastIndex(lines, l => l.StartsWith("=> ", StringComparison.Ordinal));
        if (bug < 0)
        {
            return lines;
        }

        var end = bug + 1;
        while (end < lines.Length && lines[end].StartsWith("   ", StringComparison.Ordinal))
        {
            end++;
        }

        var count = end - bug - 1;
        return count <= keep
            ? lines
            : [.. lines[..(bug + 1 + keep)], $"   ... {count - keep} more lines of details left out of this snapshot ...", .. lines[end..]];
    }
}
