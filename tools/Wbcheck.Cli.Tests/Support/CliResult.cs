namespace Wbcheck.Cli.Tests.Support;

/// <summary>What one command line run printed and returned.</summary>
internal sealed record CliResult(int Exit, string Output, string Error)
{
    /// <summary>The one line on standard error, asserting there is exactly one.</summary>
    public string ErrorLine => Assert.Single(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    public override string ToString() => $"exit {Exit}\nstdout:\n{Output}\nstderr:\n{Error}";
}
