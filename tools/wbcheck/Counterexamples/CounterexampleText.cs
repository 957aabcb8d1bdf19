using System.Globalization;
using System.Text;
using Wbcheck.Cli.Progress;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Counterexamples;

/// <summary>
/// A property's counterexample as a file a user can read and act on: what the property states,
/// what the era table expects of the era, FsCheck's report (the shrunk case and the invariant and
/// state that broke it), and the command that runs that one case again.
/// </summary>
internal static class CounterexampleText
{
    /// <summary>"tag-flag-coherence-2.6.20.counterexample.txt".</summary>
    public static string FileName(EraProperty property, KernelEra era) =>
        $"{Slug(property.Name)}-{era.Info().Version}.counterexample.txt";

    /// <summary>The arguments of the command that runs the failing case again, alone.</summary>
    public static string[] ReplayArguments(EraProperty property, KernelEra era, ReplaySeed replay) =>
        ["property", property.Name, "--era", era.Info().Version, "--replay", Format(replay)];

    /// <summary>"seed,gamma,size": <see cref="ReplaySeed.Parse"/> reads it, and a shell needs no quotes for it.</summary>
    public static string Format(ReplaySeed replay) => replay.ToString().Trim('(', ')');

    /// <summary>What the era table expects of <paramref name="property"/> on <paramref name="era"/>, in words.</summary>
    public static string Expectation(EraProperty property, KernelEra era) => property.ExpectedOn(era) is { } failure
        ? $"fails: {failure.How}; fixed by {string.Join("; ", failure.FixedBy)}"
        : "holds";

    public static string Render(EraProperty property, EraCheckResult result, CliEnvironment environment)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"property: {property.Name}\n");
        text.Append(CultureInfo.InvariantCulture, $"states: {property.Statement}\n");
        text.Append(CultureInfo.InvariantCulture, $"era: {result.Era.Info().Version}\n");
        text.Append(CultureInfo.InvariantCulture, $"expected: {Expectation(property, result.Era)}\n");
        text.Append(CultureInfo.InvariantCulture, $"found: {result switch
        {
            { StoppedAfter: { } cases } => $"stopped by --timeout after {ProgressStatus.Count(cases, "case")}, no counterexample found",
            { Holds: true } => $"holds over {result.Cases} cases",
            _ => "a counterexample, shrunk",
        }}\n");
        if (result.Replay is { } replay)
        {
            text.Append(CultureInfo.InvariantCulture, $"replay: {environment.Command(ReplayArguments(property, result.Era, replay))}\n");
        }

        if (result.Report is { } report)
        {
            text.Append('\n').Append(WithoutFrames(report)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// FsCheck's report without the .NET stack of the exception that broke the case (it shows
    /// the harness, not the kernel) and without its own replay line (the command above replaces it).
    /// </summary>
    private static string WithoutFrames(string report) => string.Join('\n', report.ReplaceLineEndings("\n").Split('\n')
        .Where(line => !line.StartsWith("   at ", StringComparison.Ordinal) && !line.StartsWith("Replay the failing case with seed ", StringComparison.Ordinal)))
        .TrimEnd();

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
