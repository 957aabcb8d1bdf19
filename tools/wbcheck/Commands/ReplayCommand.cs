using System.CommandLine;
using Wbcheck.Cli.Coyote;
using Wbcheck.Cli.Traces;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Coyote.Traces;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck replay TRACE [--html FILE]</c>: rebuild the scenario the trace was recorded from (its
/// program name and parameters are in the file), re-run its decisions, print the timeline. Exit 0
/// when the recorded bug comes back at the recorded step; 2 when the trace diverges or cannot be
/// used, with the reason.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var trace = new Argument<string>("trace") { Description = "A trace file written by wbcheck test, matrix or minimize, or a Coyote trace (NAME.coyote-header.json or NAME.coyote-trace.json) written by test --engine coyote" };
        var html = new Option<string?>("--html")
        {
            Description = "Also write the trace as one self-contained HTML page: a lane per thread, a row per step, the state of the pages after each, the failing step marked",
            HelpName = "FILE",
        };
        var timeout = CommonOptions.Timeout();
        var command = new Command("replay", "Re-run a trace step by step and print its timeline. Exit 0 when its bug reproduces, 2 when the trace diverges or cannot be used.") { trace, html, timeout };
        command.SetAction(parse => Run(parse.GetValue(trace)!, parse.GetValue(html) is { } page ? environment.Resolve(page) : null, environment, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(timeout)));
        return command;
    }

    internal static int Run(string path, string? htmlPath, CliEnvironment environment, TextWriter output, TextWriter error, TimeSpan? timeout = null)
    {
        if (CoyoteTraceFile.Recognises(path))
        {
            return CoyoteReplay.Run(path, htmlPath, environment, output, error);
        }

        BugTrace trace;
        RaceScenario scenario;
        try
        {
            (trace, scenario) = TraceFiles.Load(environment.Resolve(path), path);
        }
        catch (TraceLoadException exception)
        {
            error.WriteLine($"wbcheck replay: {exception.Message}");
            return ExitCodes.Usage;
        }

        // One replay: the timeline and the HTML view are rendered from the same frames.
        var frames = TraceFrames.Capture(trace, scenario, timeout);
        var result = frames.Replay;
        if (WriteViews(trace, frames, htmlPath, environment, output, error) is { } failed)
        {
            return failed;
        }

        if (result.TimedOut)
        {
            error.WriteLine($"wbcheck replay: {environment.Show(path)}: {result.Divergence}; give a longer --timeout to replay it all");
            return ExitCodes.Usage;
        }

        if (!result.Reproduced)
        {
            error.WriteLine($"wbcheck replay: {environment.Show(path)} does not reproduce its bug: {result.Divergence}");
            return ExitCodes.Usage;
        }

        output.WriteLine($"reproduced: {result.Bug}");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The timeline on <paramref name="output"/> and, when asked, the HTML view in
    /// <paramref name="htmlPath"/>, both from the same replayed frames; null, or the exit code when
    /// the page cannot be written.
    /// </summary>
    internal static int? WriteViews(BugTrace trace, TraceFrames frames, string? htmlPath, CliEnvironment environment, TextWriter output, TextWriter error)
    {
        output.Write(TimelineRenderer.Render(trace, frames));
        if (htmlPath is null)
        {
            return null;
        }

        try
        {
            File.WriteAllText(htmlPath, HtmlTraceRenderer.Render(trace, frames, KernelState.Legend));
            output.WriteLine($"html: {environment.Show(htmlPath)}");
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"wbcheck replay: cannot write '{environment.Show(htmlPath)}': {exception.Message}");
            return ExitCodes.Usage;
        }
    }
}
