using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;

namespace Wbcheck.Cli.Traces;

/// <summary>Where the commands write traces, and how they read one back with the scenario it was recorded from.</summary>
internal static class TraceFiles
{
    /// <summary>"fsync-vs-dirtier-2.6.20.trace.json"; "-small" for the small configuration, "-min" once minimized.</summary>
    public static string NameFor(RaceScenario scenario, bool minimized) =>
        $"{scenario.Name}-{scenario.Options.Era.Info().Version}{(scenario.Options.Small ? "-small" : "")}{(minimized ? "-min" : "")}.trace.json";

    /// <summary>Write <paramref name="trace"/> as <paramref name="name"/> in <paramref name="folder"/> (created if need be).</summary>
    /// <exception cref="IOException">The folder or file cannot be written.</exception>
    public static string Save(BugTrace trace, string folder, string name) => Save(folder, name, trace.Save);

    /// <summary>Write <paramref name="text"/> (a property's counterexample) as <paramref name="name"/> in <paramref name="folder"/>.</summary>
    /// <exception cref="IOException">The folder or file cannot be written.</exception>
    public static string SaveText(string text, string folder, string name) => Save(folder, name, path => File.WriteAllText(path, text));

    private static string Save(string folder, string name, Action<string> write)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            write(path);
            return path;
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new IOException(exception.Message, exception);
        }
    }

    /// <summary>Read a trace and rebuild the scenario it was recorded from; <paramref name="shown"/> names the file in messages.</summary>
    /// <exception cref="TraceLoadException">Missing, unreadable, truncated, edited, of another model version or of no known scenario.</exception>
    public static (BugTrace Trace, RaceScenario Scenario) Load(string path, string shown)
    {
        string text;
        try
        {
            text = InputFiles.ReadText(path, InputFiles.MaxTraceBytes);
        }
        catch (IOException exception)
        {
            throw new TraceLoadException($"cannot load trace '{shown}': {exception.Message}");
        }

        var trace = BugTrace.FromJson(text, shown);
        return (trace, ScenarioCatalog.ForTrace(trace, shown));
    }
}
