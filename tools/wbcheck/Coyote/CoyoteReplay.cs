using Wbcheck.Cli.Commands;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Coyote;
using Wbcheck.Coyote.Traces;

namespace Wbcheck.Cli.Coyote;

/// <summary>
/// <c>wbcheck replay NAME.coyote-header.json</c> (or its .coyote-trace.json): rebuild the scenario
/// from the header, replay Coyote's trace under Coyote, then follow the same schedule in our
/// engine to print the kernel timeline (and the HTML view). Exit 0 when Coyote meets the recorded
/// bug again, 2 when the trace cannot be used or does not reproduce.
/// </summary>
internal static class CoyoteReplay
{
    public static int Run(string path, string? htmlPath, CliEnvironment environment, TextWriter output, TextWriter error)
    {
        CoyoteTraceFile file;
        RaceScenario scenario;
        try
        {
            file = CoyoteTraceFile.Load(environment.Resolve(path), path);
            if (!ScenarioCatalog.Names.Contains(file.Program))
            {
                throw new TraceLoadException($"cannot use Coyote trace '{path}': it was recorded from '{file.Program}', which is not a race scenario of this build");
            }

            scenario = ScenarioCatalog.Create(file.Program, ScenarioOptions.FromParameters(file.Parameters));
            file.CheckMatches(scenario, path);
        }
        catch (Exception exception) when (exception is TraceLoadException or ArgumentException)
        {
            error.WriteLine($"wbcheck replay: {Messages.OneLine(exception)}");
            return ExitCodes.Usage;
        }

        CoyoteReport report;
        BugTrace carried;
        try
        {
            report = CoyoteEngine.Replay(scenario, file.Settings, file.ReproducibleTrace);
            if (report.Bug is null || !file.Records(report.Bug))
            {
                error.WriteLine(
                    $"wbcheck replay: {environment.Show(path)} does not reproduce its bug under Coyote: it records " +
                    $"{ExpectedBug.Describe(file.BugKind, file.BugSource)}, the replay met {report.Bug?.ToString() ?? "no bug"}");
                return ExitCodes.Usage;
            }

            carried = CoyoteCarry.ToBugTrace(scenario, report);
        }
        catch (InvalidOperationException exception)
        {
            error.WriteLine($"wbcheck replay: {environment.Show(path)}: {Messages.OneLine(exception)}");
            return ExitCodes.Usage;
        }

        output.WriteLine($"coyote replay ({file.Settings.Strategy}, iteration {file.Iteration}): {report.Bug}");
        if (ReplayCommand.WriteViews(carried, TraceFrames.Capture(carried, scenario), htmlPath, environment, output, error) is { } failed)
        {
            return failed;
        }

        output.WriteLine($"reproduced: {report.Bug}");
        return ExitCodes.Ok;
    }
}
