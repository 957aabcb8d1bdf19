using Wbcheck.Model.Citations;
namespace Wbcheck.Cli.SourceMap;

/// <summary>
/// Checks citations against a kernel tree (or folder of files). A fingerprint only says that a
/// body changed, not how: to show the change, give a <paramref name="baseline"/> holding the
/// versions the model was read from (such as the reference folder), and a drifted body is
/// diffed against the baseline's body of the cited version.
/// </summary>
internal sealed class SourceMapChecker(KernelSource kernel, KernelSource? baseline = null)
{
    private readonly Dictionary<string, CSourceFile> parsed = [];

    public SourceMapReport Check(IReadOnlyList<Citation> citations)
    {
        var checks = citations.Select(Check).ToList();
        return new SourceMapReport(kernel.Root, kernel.TreeVersion, baseline?.Root, checks, Uncovered(checks));
    }

    private CitationCheck Check(Citation citation)
    {
        var resolution = kernel.Resolve(citation.File, citation.Version);
        if (resolution.Path is null)
        {
            return new CitationCheck(citation, CitationStatus.FileMissing, null, null, null, null, null, resolution.Note);
        }

        if (!IsCSource(citation.File))
        {
            return new CitationCheck(citation, CitationStatus.NotCode, resolution.Path, resolution.Version, null, null, null, resolution.Note);
        }

        var definitions = Parse(resolution.Path).Find(citation.Function);
        if (definitions.Count == 0)
        {
            return new CitationCheck(
                citation, CitationStatus.FunctionMissing, resolution.Path, resolution.Version, null, null, null, resolution.Note);
        }

        var fingerprint = BodyFingerprint.Compute(definitions);
        var notes = new List<string?> { resolution.Note, DefinitionNote(definitions) };
        var status = citation.Fingerprint is null ? CitationStatus.NoFingerprint
            : string.Equals(citation.Fingerprint, fingerprint, StringComparison.OrdinalIgnoreCase) ? CitationStatus.InSync
            : CitationStatus.Drifted;

        TokenDiff? diff = null;
        if (status == CitationStatus.Drifted)
        {
            (diff, var baselineNote) = DiffAgainstBaseline(citation, definitions);
            notes.Add(baselineNote);
        }

        var note = string.Join("; ", notes.OfType<string>());
        return new CitationCheck(
            citation, status, resolution.Path, resolution.Version, definitions[0].NameLine, fingerprint, diff, note.Length == 0 ? null : note);
    }

    private (TokenDiff? Diff, string? Note) DiffAgainstBaseline(Citation citation, IReadOnlyList<CDefinition> current)
    {
        if (baseline is null)
        {
            return (null, "give --baseline to see what changed");
        }

        var resolution = baseline.Resolve(citation.File, citation.Version);
        if (resolution.Path is null || (resolution.Version is not null && resolution.Version != citation.Version))
        {
            return (null, $"no {citation.File} {citation.Version} in the baseline to compare with");
        }

        var old = Parse(resolution.Path).Find(citation.Function);
        if (old.Count == 0)
        {
            return (null, $"{citation.Function} is not in the baseline's {Path.GetFileName(resolution.Path)}");
        }

        var diff = TokenDiff.Between(old.SelectMany(d => d.Body), current.SelectMany(d => d.Body));
        var matchesRecord = string.Equals(BodyFingerprint.Compute(old), citation.Fingerprint, StringComparison.OrdinalIgnoreCase);
        return (diff, matchesRecord ? null : "the baseline's body does not match the recorded fingerprint either");
    }

    private List<UncoveredFunction> Uncovered(List<CitationCheck> checks)
    {
        var uncovered = new List<UncoveredFunction>();
        var citedFiles = checks
            .Where(check => check.SourcePath is not null && check.Status != CitationStatus.NotCode)
            .GroupBy(check => check.SourcePath!, StringComparer.Ordinal)
            .OrderBy(group => group.First().Citation.File, StringComparer.Ordinal)
            .ThenBy(group => group.Key, StringComparer.Ordinal);
        foreach (var file in citedFiles)
        {
            var covered = file.Select(check => check.Citation.Function).ToHashSet(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var function in Parse(file.Key).Functions)
            {
                if (!covered.Contains(function.Name) && seen.Add(function.Name))
                {
                    uncovered.Add(new UncoveredFunction(file.First().Citation.File, file.Key, function.Name, function.NameLine));
                }
            }
        }

        return uncovered;
    }

    private CSourceFile Parse(string path)
    {
        if (!parsed.TryGetValue(path, out var file))
        {
            try
            {
                file = CSourceFile.Parse(File.ReadAllText(path));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new SourceMapException($"cannot read {path}: {exception.Message}", exception);
            }

            parsed[path] = file;
        }

        return file;
    }

    private static string? DefinitionNote(IReadOnlyList<CDefinition> definitions) =>
        definitions[0].Kind == CDefinitionKind.Macro ? "a macro"
        : definitions.Count > 1 ? $"defined {definitions.Count} times (conditional branches), lines {string.Join(", ", definitions.Select(d => d.NameLine))}; fingerprinted together"
        : null;

    private static bool IsCSource(string file) =>
        file.EndsWith(".c", StringComparison.Ordinal) || file.EndsWith(".h", StringComparison.Ordinal);
}
