using System.Text.Json;
using System.Text.RegularExpressions;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Snapshots.Tests.Traces;

/// <summary>
/// Checks that the text timeline and the HTML view of a trace show the same state after every
/// step: the timeline's "- old" / "+ new" lines applied row by row to its initial state, against
/// the HTML view's initial state and per-step changes (what its panel script applies).
/// </summary>
internal static class HtmlTimelineAgreement
{
    private const string StateIndent = "        ";

    /// <summary>A step's row: its number, right-aligned, then two spaces.</summary>
    private static readonly Regex RowPattern = new(@"^ *(\d+)  ", RegexOptions.CultureInvariant);

    public static void Check(BugTrace trace, TraceFrames frames)
    {
        var timeline = TimelineStates(TimelineRenderer.Render(trace, frames), trace.Steps.Count);
        var html = HtmlStates(HtmlTraceRenderer.Render(trace, frames), trace.Steps.Count);
        for (var step = 0; step < trace.Steps.Count; step++)
        {
            Assert.True(
                timeline[step].SetEquals(html[step]),
                $"{trace.Program}: after step {step} ({trace.Steps[step]}) the timeline shows [{string.Join("; ", timeline[step].Except(html[step]))}] " +
                $"where the HTML view shows [{string.Join("; ", html[step].Except(timeline[step]))}]");
        }
    }

    /// <summary>The state after each step as the timeline tells it (key: the text before the first ':' or '=').</summary>
    private static List<HashSet<string>> TimelineStates(string text, int steps)
    {
        var lines = text.Split('\n');
        var state = new Dictionary<string, string>();
        var at = Array.IndexOf(lines, "initial state") + 1;
        Assert.True(at > 0, "the timeline shows no initial state");
        for (; lines[at].Length > 0; at++)
        {
            Set(state, lines[at][2..]);
        }

        var after = new List<HashSet<string>>();
        var current = -1;
        for (at++; at < lines.Length && !lines[at].StartsWith("=> ", StringComparison.Ordinal); at++)
        {
            var line = lines[at];
            if (line.StartsWith(StateIndent + "- ", StringComparison.Ordinal))
            {
                state.Remove(TimelineKey(line[(StateIndent.Length + 2)..]));
            }
            else if (line.StartsWith(StateIndent + "+ ", StringComparison.Ordinal))
            {
                Set(state, line[(StateIndent.Length + 2)..]);
            }
            else if (RowPattern.Match(line) is { Success: true } row)
            {
                var number = int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                Close(after, state, current);
                current = number;
            }
        }

        Close(after, state, current);
        while (after.Count < steps)
        {
            after.Add([.. state.Values]);
        }

        return after;
    }

    private static void Close(List<HashSet<string>> after, Dictionary<string, string> state, int step)
    {
        if (step >= 0)
        {
            Assert.Equal(step, after.Count);
            after.Add([.. state.Values]);
        }
    }

    /// <summary>The state after each step as the HTML view's data gives it.</summary>
    private static List<HashSet<string>> HtmlStates(string html, int steps)
    {
        const string Open = "<script type=\"application/json\" id=\"frames\">";
        var start = html.IndexOf(Open, StringComparison.Ordinal) + Open.Length;
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        using var data = JsonDocument.Parse(html[start..end]);
        var state = new Dictionary<string, string>();
        foreach (var line in data.RootElement.GetProperty("initial").EnumerateArray())
        {
            state[HtmlKey(line.GetString()!)] = line.GetString()!;
        }

        var after = new List<HashSet<string>>();
        foreach (var changes in data.RootElement.GetProperty("changes").EnumerateArray())
        {
            foreach (var change in changes.EnumerateArray())
            {
                var key = change[1].GetString()!;
                if (change[2].ValueKind == JsonValueKind.Null)
                {
                    state.Remove(key);
                }
                else
                {
                    state[key] = change[2].GetString()!;
                }
            }

            after.Add([.. state.Values]);
        }

        while (after.Count < steps)
        {
            after.Add([.. state.Values]);
        }

        return after;
    }

    /// <summary>The HTML view's key (its script's): the text before the first ':'.</summary>
    private static string HtmlKey(string line)
    {
        var end = line.IndexOf(':');
        return end < 0 ? line : line[..end];
    }

    private static void Set(Dictionary<string, string> state, string line) => state[TimelineKey(line)] = line;

    private static string TimelineKey(string line)
    {
        var end = line.IndexOfAny([':', '=']);
        return end < 0 ? line : line[..end].TrimEnd();
    }
}
