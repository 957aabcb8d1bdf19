using System.Text;

namespace Wbcheck.Cli.Output;

/// <summary>
/// A plain, aligned text table: stable output for terminals, pipes and snapshot tests. A header
/// may span several lines ("fsync-vs-\ndirtier"), so that long column names keep a table narrow.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var headerLines = headers.Select(h => h.Split('\n')).ToArray();
        var widths = headers
            .Select((_, column) => rows.Select(r => r[column].Length).Concat(headerLines[column].Select(l => l.Length)).Max())
            .ToArray();
        var height = headerLines.Max(lines => lines.Length);
        var text = new StringBuilder();
        for (var line = 0; line < height; line++)
        {
            // Multi-line headers are aligned at the bottom, next to the rule.
            Line(text, headerLines.Select(lines => line - (height - lines.Length) is var at && at >= 0 ? lines[at] : "").ToArray(), widths);
        }

        Line(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            Line(text, row, widths);
        }

        return text.ToString();
    }

    /// <summary>Break <paramref name="name"/> after hyphens into lines of about <paramref name="width"/> characters.</summary>
    public static string Wrap(string name, int width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        var parts = name.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            var piece = parts[i] + (i < parts.Length - 1 ? "-" : "");
            if (current.Length > 0 && current.Length + piece.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            current.Append(piece);
        }

        lines.Add(current.ToString());
        return string.Join("\n", lines);
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var column = 0; column < cells.Length; column++)
        {
            var last = column == cells.Length - 1;
            line.Append(last ? cells[column] : cells[column].PadRight(widths[column] + 2));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
