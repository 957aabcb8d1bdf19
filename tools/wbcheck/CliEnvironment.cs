using Wbcheck.Snapshots;

namespace Wbcheck.Cli;

/// <summary>
/// What the commands take from the process around them, read once in <see cref="FromProcess"/>
/// (the only place wbcheck reads its environment); tests build their own.
/// </summary>
/// <param name="Interactive">Standard error is a terminal and this is not a build server: show a live progress display.</param>
/// <param name="CommandPrefix">How the user runs wbcheck, for the commands it prints: "wbcheck", "dotnet wbcheck" or "dotnet run --project tools/wbcheck --".</param>
/// <param name="CurrentDirectory">Paths under it are printed relative to it.</param>
internal sealed record CliEnvironment(bool Interactive, string CommandPrefix, string CurrentDirectory)
{
    /// <summary>How often progress is printed as plain lines when nobody watches a terminal.</summary>
    public TimeSpan PlainProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the live display refreshes.</summary>
    public TimeSpan LiveProgressInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public static CliEnvironment FromProcess()
    {
        var current = Directory.GetCurrentDirectory();
        var interactive = !Console.IsErrorRedirected && !SnapshotEnvironment.FromProcess().IsCi;
        return new CliEnvironment(interactive, Prefix(AppContext.BaseDirectory, current), current);
    }

    /// <summary>A path the user gave, relative to <see cref="CurrentDirectory"/>, made absolute.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, CurrentDirectory);

    /// <summary>A path as the user should type it: relative to the current directory when under it.</summary>
    public string Show(string path)
    {
        var full = Path.GetFullPath(path, CurrentDirectory);
        var relative = Path.GetRelativePath(CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }

    /// <summary>The full command line that runs <paramref name="arguments"/>, paths quoted when they need it.</summary>
    public string Command(params string[] arguments) =>
        CommandPrefix + " " + string.Join(" ", arguments.Select(a => a.Length == 0 || a.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"') ? $"'{a.Replace("'", "'\\''")}'" : a));

    /// <summary>
    /// How this build was started: installed as a tool (global: the tools store; local: the NuGet
    /// package folder) or run from the repository's build output by <c>dotnet run</c>.
    /// </summary>
    internal static string Prefix(string baseDirectory, string currentDirectory)
    {
        var normalized = baseDirectory.Replace('\\', '/');
        if (normalized.Contains("/.dotnet/tools/", StringComparison.Ordinal))
        {
            return "wbcheck";
        }

        if (normalized.Contains("/packages/wbcheck/", StringComparison.OrdinalIgnoreCase))
        {
            return "dotnet wbcheck";
        }

        // <project>/bin/<configuration>/<framework>/ when run from the source tree.
        var project = Path.GetFullPath(Path.Combine(baseDirectory, "..", "..", ".."));
        if (File.Exists(Path.Combine(project, "wbcheck.csproj")))
        {
            var relative = Path.GetRelativePath(currentDirectory, project);
            return $"dotnet run --project {(relative.Contains(' ', StringComparison.Ordinal) ? $"'{relative}'" : relative)} --";
        }

        return "wbcheck";
    }
}
