using System.Text.RegularExpressions;

namespace Wbcheck.Snapshots;

/// <summary>
/// Replaces a volatile value with a stable token before the text is compared. The replacement
/// may use the regex's group references ($1, ${name}).
/// </summary>
public sealed record Scrubber(Regex Pattern, string Replacement)
{
    /// <summary>A scrubber from a regular expression (culture-invariant).</summary>
    public Scrubber(string pattern, string replacement)
        : this(new Regex(pattern, RegexOptions.CultureInvariant), replacement)
    {
    }

    /// <summary>A scrubber that replaces every occurrence of <paramref name="text"/> as is.</summary>
    public static Scrubber Literal(string text, string replacement)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return new Scrubber(new Regex(Regex.Escape(text), RegexOptions.CultureInvariant), replacement.Replace("$", "$$"));
    }

    public string Apply(string text) => Pattern.Replace(text, Replacement);
}
