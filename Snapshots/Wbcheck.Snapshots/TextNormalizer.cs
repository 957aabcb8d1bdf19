namespace Wbcheck.Snapshots;

/// <summary>
/// The one text form snapshots are stored and compared in: no BOM, LF line endings, exactly one
/// trailing newline. Without it a checkout with CRLF, or an editor that adds or strips the final
/// newline, would fail every snapshot with a diff that shows nothing.
/// </summary>
internal static class TextNormalizer
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        return text.TrimEnd('\n') + "\n";
    }

    /// <summary>The lines of a normalized text, without the final empty piece after its last newline.</summary>
    public static string[] Lines(string normalized) =>
        normalized.Length == 0 ? [] : normalized.TrimEnd('\n').Split('\n');
}
