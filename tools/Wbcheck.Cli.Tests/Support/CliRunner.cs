namespace Wbcheck.Cli.Tests.Support;

/// <summary>
/// Runs the command line in-process, as <c>Program</c> does, in a temporary working folder, and
/// keeps what it printed. Progress lines are off unless a test asks for them.
/// </summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner() => Directory.CreateDirectory(Folder);

    /// <summary>The working folder: relative paths the commands print are relative to it.</summary>
    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wbcheck-cli-" + Guid.NewGuid().ToString("N"));

    public CliEnvironment Environment => new(Interactive: false, CommandPrefix: "wbcheck", CurrentDirectory: Folder)
    {
        PlainProgressInterval = TimeSpan.FromHours(1),
    };

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    public CliResult Run(params string[] args) => Run(Environment, args);

    public CliResult Run(CliEnvironment environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Cli.Run(args, output, error, environment);
        return new CliResult(exit, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
