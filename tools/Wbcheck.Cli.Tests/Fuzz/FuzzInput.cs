namespace Wbcheck.Cli.Tests.Fuzz;

/// <summary>
/// One input for the command line: its arguments and, when it reads a file, that file's text,
/// written as <see cref="FileName"/> in the runner's folder first. Serialized as a regression file.
/// </summary>
public sealed record FuzzInput(string[] Args, string? FileName = null, string? FileText = null)
{
    public override string ToString() =>
        $"wbcheck {string.Join(" ", Args.Select(a => $"'{a}'"))}" +
        (FileName is null ? "" : $" with {FileName} = {(FileText!.Length > 300 ? FileText[..300] + $"... ({FileText.Length} characters)" : FileText)}");
}
