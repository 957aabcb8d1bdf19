using System.Text.RegularExpressions;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Finds, in C# source, every way of telling eras apart other than <see cref="EraBoundaries"/>:
/// a KernelEra value (an era constant, <c>KernelEras.Current</c>, an expression named "era", or a
/// name the file declares as KernelEra)
/// beside ==, !=, &lt;, &lt;=, &gt;, &gt;=; an <c>is</c>/<c>or</c>/<c>and</c>/<c>case</c> pattern or a
/// switch arm on an era constant; a switch on an era; an era's ordinal, arithmetic or name
/// (ToString, Equals, CompareTo, GetHashCode); and <c>Info()</c> used for anything but its
/// Version string, or that string compared. A regular-expression scan, line by line with
/// comments left out: it errs towards flagging, and the allowed exceptions are listed by hand.
/// </summary>
internal static partial class EraComparisonScan
{
    /// <summary>An era-valued expression: an era constant, the current era, or a name ending in "era" not followed by a member access or a call.</summary>
    private const string Era = @"(?:KernelEra\.\w+|KernelEras\.Current|(?<![\w.])(?:\w+\.)*(?!KernelEra\b)\w*(?:era|Era)\b(?![.(]))";

    /// <summary>A comparison operator; a lone &lt; or &gt; only with a space either side (a generic's brackets have none).</summary>
    private const string Operator = @"(?:==|!=|<=|>=|(?<=\s)<(?=\s)|(?<=\s)>(?=\s))";

    private static readonly (string Kind, Regex Pattern)[] Rules =
    [
        ("comparison", new Regex(Era + @"\??\s*" + Operator)),
        ("comparison", new Regex(Operator + @"\s*" + Era)),
        ("pattern", new Regex(@"\b(?:is|or|and|not|case)\s+(?:not\s+)?(?:[<>]=?\s*)?KernelEra\.\w+")),
        ("pattern", new Regex(Era + @"\s+is\s")),
        ("switch arm", new Regex(@"KernelEra\.\w+\s*(?:=>|:)(?!:)")),
        ("switch", new Regex(Era + @"\)?\s+switch\b|switch\s*\([^)]*" + Era + @"\s*\)")),
        ("ordinal", new Regex(@"\((?:int|long|ulong|uint|byte|short|double)\)\s*" + Era)),
        ("ordinal", new Regex(Era + @"\s*[+-]\s*\d")),
        ("name", new Regex(@"(?<![\w.])(?:\w+\.)*\w*(?:era|Era)\.(?:ToString|Equals|CompareTo|GetHashCode)\s*\(")),
        ("info", new Regex(@"\.Info\(\)(?!\.Version\b)")),
        ("info", new Regex(@"\.Info\(\)\.Version\s*(?:==|!=|\.Equals|\.StartsWith|\.CompareTo|switch)")),
    ];

    /// <summary>A declaration of a KernelEra variable, field, property or parameter: its name is an era, whatever it is called.</summary>
    private static readonly Regex Declaration = new(@"\bKernelEra\??\s+(?<name>\w+)\b");

    /// <summary>
    /// The rule a line breaks ("comparison", "switch", ...), or null. <paramref name="declared"/>:
    /// the names the file declares as KernelEra (<see cref="DeclaredEras"/>), compared as eras too.
    /// </summary>
    public static string? Flag(string line, IReadOnlyCollection<string>? declared = null)
    {
        var code = WithoutComment(line);
        if (code.TrimStart().StartsWith('*'))
        {
            return null;
        }

        foreach (var (kind, pattern) in Rules)
        {
            if (pattern.IsMatch(code))
            {
                return kind;
            }
        }

        foreach (var name in declared ?? [])
        {
            var named = @"(?<![\w.])(?:\w+\.)*" + Regex.Escape(name) + @"\b(?![.(])";
            if (Regex.IsMatch(code, named + @"\??\s*" + Operator) || Regex.IsMatch(code, Operator + @"\s*" + named)
                || Regex.IsMatch(code, @"\(\s*(?:int|long|ulong|uint|byte|short|double)\)\s*" + named) || Regex.IsMatch(code, named + @"\s+(?:switch\s|is\s+(?!null\b|not\s+null\b|not\s+\{\s*\}|\{\s*\}))"))
            {
                return "comparison";
            }
        }

        return null;
    }

    /// <summary>The names <paramref name="lines"/> declare as KernelEra or KernelEra? (parameters, fields, properties, locals).</summary>
    public static IReadOnlyCollection<string> DeclaredEras(IEnumerable<string> lines) =>
        [.. lines.SelectMany(l => Declaration.Matches(WithoutComment(l)).Select(m => m.Groups["name"].Value)).Where(n => n != "era" && n != "Era").Distinct()];

    /// <summary>Every flagged line of the non-test C# files under <paramref name="roots"/>, as "path:line: text" (path relative to <paramref name="repository"/>).</summary>
    public static IEnumerable<(string Path, string Line)> Scan(string repository, params string[] roots)
    {
        foreach (var root in roots)
        {
            var files = Directory.EnumerateFiles(Path.Combine(repository, root), "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(repository, f).Replace('\\', '/'))
                .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("Tests/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var lines = File.ReadAllLines(Path.Combine(repository, file));
                var declared = DeclaredEras(lines);
                foreach (var line in lines)
                {
                    if (Flag(line, declared) is not null)
                    {
                        yield return (file, line.Trim());
                    }
                }
            }
        }
    }

    /// <summary>The line without a // comment (one outside a string literal).</summary>
    private static string WithoutComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"' && (i == 0 || line[i - 1] != '\\'))
            {
                inString = !inString;
            }
            else if (!inString && line[i] == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                return line[..i];
            }
        }

        return line;
    }
}
