using System.Text;

namespace Wbcheck.Cli.SourceMap;

/// <summary>The plain-text report of <c>wbcheck source-map</c>: aligned columns, no colour, stable order.</summary>
internal static class SourceMapTable
{
    public static string Render(SourceMapReport report)
    {
        var text = new StringBuilder();
        var version = report.KernelVersion is null ? "" : $" (Linux {report.KernelVersion})";
        text.AppendLine($"{Plural(report.Checks.Count, "citation")} checked against {report.Kernel}{version}");
        if (report.Baseline is not null)
        {
            text.AppendLine($"baseline for diffs: {report.Baseline}");
        }

        if (report.Checks.Count > 0)
        {
            text.AppendLine();
            var rows = new List<string[]> { new[] { "STATUS", "MEMBER", "FUNCTION", "CITED", "FOUND", "NOTE" } };
            rows.AddRange(report.Checks.Select(check => new[]
            {
                StatusText(check.Status),
                check.Citation.Member,
                check.Citation.Function,
                $"{check.Citation.File} {check.Citation.Version}",
                Found(report, check),
                check.Note ?? "",
            }));
            AppendAligned(text, rows);
        }

        var drifted = report.Checks.Where(check => check.Status == CitationStatus.Drifted).ToList();
        if (drifted.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Drifted since recorded:");
            foreach (var check in drifted)
            {
                text.AppendLine($"  {check.Citation.Member} ({check.Citation.Function}): recorded {check.Citation.Fingerprint}, now {check.CurrentFingerprint}");
                if (check.Diff is not null)
                {
                    text.AppendLine($"    {check.Diff}");
                }
            }
        }

        if (report.Uncovered.Count > 0)
        {
            text.AppendLine();
            text.AppendLine($"Not covered by the model ({Plural(report.Uncovered.Count, "function")} in the cited files):");
            AppendAligned(text, report.Uncovered.Select(u => new[] { $"  {u.File}", u.Function, $"line {u.Line}" }).ToList());
        }

        text.AppendLine();
        text.AppendLine(
            $"{Plural(report.Checks.Count, "citation")}: {report.Count(CitationStatus.InSync)} in sync, " +
            $"{report.Count(CitationStatus.Drifted)} drifted, {report.Count(CitationStatus.NoFingerprint)} without fingerprint, " +
            $"{report.Count(CitationStatus.FunctionMissing)} function missing, {report.Count(CitationStatus.FileMissing)} file missing" +
            (report.Count(CitationStatus.NotCode) > 0 ? $", {report.Count(CitationStatus.NotCode)} not C source" : "") +
            $"; {Plural(report.Uncovered.Count, "function")} not covered.");
        return text.ToString();
    }

    public static string StatusText(CitationStatus status) => status switch
    {
        CitationStatus.InSync => "in sync",
        CitationStatus.Drifted => "DRIFTED",
        CitationStatus.NoFingerprint => "no fingerprint",
        CitationStatus.FunctionMissing => "FUNCTION MISSING",
        CitationStatus.FileMissing => "FILE MISSING",
        CitationStatus.NotCode => "not C source",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static string Found(SourceMapReport report, CitationCheck check)
    {
        if (check.SourcePath is null)
        {
            return "-";
        }

        var path = Path.GetRelativePath(report.Kernel, check.SourcePath).Replace('\\', '/');
        return check.Line is { } line ? $"{path}:{line}" : path;
    }

    private static void AppendAligned(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]));
            text.AppendLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
