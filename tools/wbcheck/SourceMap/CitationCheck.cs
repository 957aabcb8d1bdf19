using Wbcheck.Model.Citations;
namespace Wbcheck.Cli.SourceMap;

/// <summary>
/// The outcome for one citation: where its file was found (and which version that file is), the
/// line of the definition, the fingerprint the body has now, the first change for a drifted
/// body (when a baseline was given), and a note for the reader.
/// </summary>
internal sealed record CitationCheck(
    Citation Citation,
    CitationStatus Status,
    string? SourcePath,
    string? SourceVersion,
    int? Line,
    string? CurrentFingerprint,
    TokenDiff? Diff,
    string? Note);
