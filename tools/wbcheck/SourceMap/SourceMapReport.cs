namespace Wbcheck.Cli.SourceMap;

/// <summary>
/// Everything <c>wbcheck source-map</c> found: one check per citation, in citation order, and the
/// functions of the cited files that no citation covers, in file and line order.
/// </summary>
internal sealed record SourceMapReport(
    string Kernel,
    string? KernelVersion,
    string? Baseline,
    IReadOnlyList<CitationCheck> Checks,
    IReadOnlyList<UncoveredFunction> Uncovered)
{
    public int Count(CitationStatus status) => Checks.Count(check => check.Status == status);

    /// <summary>What <c>--strict</c> fails on: a body that drifted, or a function or file not found.</summary>
    public bool HasDriftOrMissing =>
        Checks.Any(check => check.Status is CitationStatus.Drifted or CitationStatus.FunctionMissing or CitationStatus.FileMissing);
}
