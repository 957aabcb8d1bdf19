using System.Text;

namespace Wbcheck.Cli.SourceMap;

/// <summary>
/// What <c>wbcheck source-map --record</c> prints: for each citation found, the attribute to
/// paste on its member, with the fingerprint its body has in the tree checked. It writes no file:
/// recording is a decision a person makes after re-reading the function against the model.
/// </summary>
internal static class FingerprintRecord
{
    public static string Render(SourceMapReport report)
    {
        var text = new StringBuilder();
        var found = report.Checks.Where(check => check.CurrentFingerprint is not null).ToList();
        text.AppendLine($"// Fingerprints of {found.Count} cited bodies in {report.Kernel}. Paste after re-checking each member against its function.");
        foreach (var check in found)
        {
            var citation = check.Citation;

            // The version is the one the fingerprint was taken from, when the tree or file name says it.
            var version = check.SourceVersion ?? citation.Version;
            var state = check.Status == CitationStatus.InSync ? "unchanged" : $"was {citation.Fingerprint ?? "not recorded"}";
            var unknown = check.SourceVersion is null ? "; the version checked is unknown: correct it" : "";
            text.AppendLine();
            text.AppendLine($"// {citation.Member}: {Path.GetFileName(check.SourcePath)}:{check.Line}, {state}{unknown}");
            text.AppendLine($"[Models(\"{citation.File}\", \"{citation.Function}\", \"{version}\", Fingerprint = \"{check.CurrentFingerprint}\")]");
        }

        return text.ToString();
    }
}
