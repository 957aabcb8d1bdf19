using System.CommandLine;
using Wbcheck.Cli.Progress;
using Wbcheck.Cli.Traces;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Minimization;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck minimize TRACE -o FILE</c>: shrink a trace to one that fails the same way with the
/// fewest preemptions the bounded search finds, then the fewest steps, and write it; print the
/// preemption count before and after, and whether fewer is ruled out; a livelock's lasso is also
/// looked for in the scenario's smaller configurations (a one-page bio, the least ratelimit), and the
/// configuration of the shortest is printed and recorded. Deterministic. Exit 0 when
/// written; 2 when the trace cannot be used or does not replay.
/// </summary>
internal static class MinimizeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var trace = new Argument<string>("trace") { Description = "A trace file written by wbcheck test or matrix" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the minimized trace", HelpName = "FILE", Required = true };
        var timeout = CommonOptions.Timeout();
        var command = new Command("minimize", "Shrink a trace to the fewest preemptions, then the fewest steps, with the same bug. Exit 0 when written, 2 when the trace cannot be used or does not replay.") { trace, output, timeout };
        command.SetAction(parse => Run(parse.GetValue(trace)!, environment.Resolve(parse.GetValue(output)!), environment, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(timeout)));
        return command;
    }

    internal static int Run(string path, string outputPath, CliEnvironment environment, TextWriter output, TextWriter error, TimeSpan? timeout = null)
    {
        BugTrace trace;
        RaceScenario scenario;
        try
        {
            (trace, scenario) = TraceFiles.Load(environment.Resolve(path), path);
        }
        catch (TraceLoadException exception)
        {
            error.WriteLine($"wbcheck minimize: {exception.Message}");
            return ExitCodes.Usage;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var replay = TestingEngine.Replay(scenario, trace, timeout);
        if (replay.TimedOut)
        {
            error.WriteLine($"wbcheck minimize: {environment.Show(path)}: {replay.Divergence}, before minimizing could start; give a longer --timeout");
            return ExitCodes.Usage;
        }

        if (!replay.Reproduced)
        {
            error.WriteLine($"wbcheck minimize: {environment.Show(path)} does not reproduce its bug, so there is nothing to minimize: {replay.Divergence}");
            return ExitCodes.Usage;
        }

        var result = new ProgressDisplay(environment, error).Run<MinimizationResult>(
            $"minimize {environment.Show(path)}",
            _ => new ProgressStatus(
                $"{trace.Steps.Count} steps, {MinimizationResult.CountedPreemptionsOf(trace)} preemptions{(MinimizationResult.JudgedFair(trace) ? " before the fair phase" : "")} to shrink",
                null,
                null),
            () => TestingEngine.MinimizeConfiguration(scenario, trace, timeout is { } limit ? limit - clock.Elapsed : null));
        try
        {
            result.Trace.Save(outputPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"wbcheck minimize: cannot write '{environment.Show(outputPath)}': {exception.Message}");
            return ExitCodes.Usage;
        }

        var shown = environment.Show(outputPath);
        output.WriteLine($"minimized: {result}");
        output.WriteLine($"preemptions: {result.PreemptionSummary}");
        if (result.Trace.Bug.CycleStart is { } start && result.LassoCandidates > 0)
        {
            output.WriteLine(
                $"lasso:     {start} decisions of prefix, a cycle of {result.Trace.Steps.Count - start} (relative to the walk's cursor; " +
                $"{result.LassoCandidates} paced schedules tried)");
        }

        if (result.ChangedParameters.Count > 0)
        {
            output.WriteLine(
                $"config:    {string.Join(", ", result.ChangedParameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))} " +
                "(the configuration the shortest lasso was found in; the trace records it and replay rebuilds it)");
        }

        output.WriteLine($"trace:     {shown}");
        output.WriteLine($"replay:    {environment.Command("replay", shown)}");
        return ExitCodes.Ok;
    }
}
