using System.Text.Json;

namespace Wbcheck.Cli.SourceMap;

/// <summary>The JSON report of <c>wbcheck source-map --json</c>, for scripts and CI.</summary>
internal static class SourceMapJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Render(SourceMapReport report)
    {
        var document = new
        {
            kernel = report.Kernel,
            kernelVersion = report.KernelVersion,
            baseline = report.Baseline,
            summary = new
            {
                citations = report.Checks.Count,
                inSync = report.Count(CitationStatus.InSync),
                drifted = report.Count(CitationStatus.Drifted),
                noFingerprint = report.Count(CitationStatus.NoFingerprint),
                functionMissing = report.Count(CitationStatus.FunctionMissing),
                fileMissing = report.Count(CitationStatus.FileMissing),
                notCode = report.Count(CitationStatus.NotCode),
                uncovered = report.Uncovered.Count,
            },
            citations = report.Checks.Select(check => new
            {
                member = check.Citation.Member,
                file = check.Citation.File,
                function = check.Citation.Function,
                version = check.Citation.Version,
                status = JsonNamingPolicy.CamelCase.ConvertName(check.Status.ToString()),
                source = check.SourcePath,
                sourceVersion = check.SourceVersion,
                line = check.Line,
                recordedFingerprint = check.Citation.Fingerprint,
                currentFingerprint = check.CurrentFingerprint,
                diff = check.Diff is not { } diff ? null : new
                {
                    line = diff.Line,
                    baselineLine = diff.BaselineLine,
                    before = diff.Before,
                    removed = diff.Removed,
                    added = diff.Added,
                    after = diff.After,
                    changes = diff.Changes,
                    text = diff.ToString(),
                },
                note = check.Note,
            }),
            uncovered = report.Uncovered.Select(u => new { file = u.File, source = u.SourcePath, function = u.Function, line = u.Line }),
        };
        return JsonSerializer.Serialize(document, Options) + Environment.NewLine;
    }
}
