namespace Wbcheck.Model.Fs.Mpage.Layout;

/// <summary>A layout text that does not follow the format; <see cref="Line"/> is 1-based, null for the file as a whole.</summary>
public sealed class LayoutFormatException(int? line, string reason)
    : Exception(line is { } number ? $"line {number}: {reason}" : reason)
{
    public int? Line { get; } = line;

    /// <summary>What is wrong, without the line number.</summary>
    public string Reason { get; } = reason;
}
