using System.Text.RegularExpressions;

namespace Wbcheck.Snapshots;

/// <summary>
/// The scrubbing pipeline: user scrubbers first (on the raw text, so they can match exact values),
/// then paths, GUIDs, durations and seeds. Paths go before GUIDs so that a temporary directory
/// whose name holds a GUID is still recognized as a path. The patterns are interpreted, not
/// generated or compiled: the project uses no source generators and no runtime compilation.
/// </summary>
internal static class BuiltInScrubbers
{
    public const string RepoRootToken = "{RepoRoot}";
    public const string TempPathToken = "{TempPath}";
    public const string DurationToken = "{Duration}";
    public const string SeedToken = "{Seed}";

    private static readonly Regex GuidPattern = new(@"(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])", RegexOptions.CultureInvariant);

    /// <summary>TimeSpan renderings: 00:00:01.23, 1:02:03, 1.02:03:04.5 (days).</summary>
    private static readonly Regex TimeSpanPattern = new(@"(?<![\d:.])(\d+\.)?\d{1,2}:\d{2}:\d{2}(\.\d+)?(?![\d:])", RegexOptions.CultureInvariant);

    /// <summary>A number and a time unit: 12.3 ms, 45ns, 3 µs, 1.5 s, 2 seconds, 1 min.</summary>
    private static readonly Regex DurationWithUnitPattern = new(@"(?<![\w.])\d+(\.\d+)?\s?(ns|us|µs|μs|ms|s|sec|secs|seconds?|min|mins|minutes?)(?!\w)", RegexOptions.CultureInvariant);

    /// <summary>"seed 42", "seed: 42", "Seed=0x2a", "--seed 42".</summary>
    private static readonly Regex SeedPattern = new(@"(?<word>\bseed)(?<separator>\s*[:=]\s*|\s+)(0[xX][0-9A-Fa-f]+|-?\d+)(?!\w)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static string Apply(string text, SnapshotSettings settings, SnapshotEnvironment environment, string? repoRoot)
    {
        if (!settings.Scrubbers.IsDefaultOrEmpty)
        {
            foreach (var scrubber in settings.Scrubbers)
            {
                text = scrubber.Apply(text);
            }
        }

        if (settings.ScrubPaths)
        {
            text = ScrubPaths(text, [(repoRoot, RepoRootToken), (environment.TempPath, TempPathToken)]);
        }

        if (settings.ScrubGuids)
        {
            text = ScrubGuids(text);
        }

        if (settings.ScrubDurations)
        {
            text = TimeSpanPattern.Replace(text, DurationToken);
            text = DurationWithUnitPattern.Replace(text, DurationToken);
        }

        if (settings.ScrubSeeds)
        {
            text = SeedPattern.Replace(text, "${word}${separator}" + SeedToken);
        }

        return text;
    }

    /// <summary>
    /// Replace each path with its token, longest first (the repository may sit inside the temporary
    /// directory, or the other way round). A path matches only as a whole directory name:
    /// "/tmp" must not eat the start of "/tmpfs".
    /// </summary>
    internal static string ScrubPaths(string text, IEnumerable<(string? Path, string Token)> paths)
    {
        var ordered = paths
            .Where(p => !string.IsNullOrEmpty(p.Path))
            .Select(p => (Path: p.Path!.TrimEnd('/', '\\'), p.Token))
            .Where(p => p.Path.Length > 0)
            .OrderByDescending(p => p.Path.Length);
        foreach (var (path, token) in ordered)
        {
            foreach (var variant in new[] { path, path.Replace('\\', '/'), path.Replace('/', '\\') }.Distinct())
            {
                var pattern = new Regex(Regex.Escape(variant) + @"(?![\w.-])", RegexOptions.CultureInvariant);
                text = pattern.Replace(text, token.Replace("$", "$$"));
            }
        }

        return text;
    }

    /// <summary>Number GUIDs in order of first appearance; the same GUID gets the same token.</summary>
    internal static string ScrubGuids(string text)
    {
        var numbers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        return GuidPattern.Replace(text, match =>
        {
            if (!numbers.TryGetValue(match.Value, out var number))
            {
                number = numbers.Count + 1;
                numbers.Add(match.Value, number);
            }

            return $"Guid_{number}";
        });
    }
}
