using Wbcheck.Cli.Traces;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Coyote;
using Wbcheck.Coyote.Traces;
using Wbcheck.Model;

namespace Wbcheck.Cli.Coyote;

/// <summary>
/// <c>wbcheck test SCENARIO --engine coyote</c>: the scenario under Coyote's TestingEngine. A bug
/// found is written as Coyote's reproducible trace beside our header, and carried into our engine
/// as an ordinary trace of ours, to minimize and render.
/// </summary>
internal static class CoyoteTestRun
{
    /// <summary>Our strategy names in Coyote's terms: pct is Coyote's fair prioritization (PCT, then fair after the unfair steps).</summary>
    public static string? StrategyFor(string ours) => ours switch
    {
        "random" => "random",
        "pct" => "fair-pct",
        _ => null,
    };

    public static int Run(RaceScenario scenario, CoyoteSettings settings, string folder, CliEnvironment environment, TextWriter output, TextWriter error)
    {
        var era = scenario.Options.Era;
        error.WriteLine($"test {scenario.Name} on {era.Info().Version} under Coyote ({settings.Strategy}, {settings.Iterations} iterations at most)");
        CoyoteReport report;
        try
        {
            report = CoyoteEngine.Run(scenario, settings);
        }
        catch (InvalidOperationException exception)
        {
            error.WriteLine($"wbcheck test: {Messages.OneLine(exception)}");
            return ExitCodes.Usage;
        }

        output.WriteLine(report.Bug is null
            ? $"coyote {settings.Strategy}: no bug in {report.Iterations} iterations{(report.TimedOut ? " (stopped at the time bound)" : "")}"
            : $"coyote {settings.Strategy}: {report.Bug} (iteration {report.Iterations})");
        output.WriteLine($"{report.Elapsed.TotalSeconds:F1} s, {report.SchedulesPerSecond:F0} schedules/s");
        output.WriteLine(Expectations.For(scenario.Name, era) is { } expected
            ? $"the era table expects {expected.Describe()} on {era.Info().Version}, fixed by {expected.FixedBy}"
            : $"the era table expects {scenario.Name} to hold on {era.Info().Version}");
        if (report.Bug is null)
        {
            return ExitCodes.Ok;
        }

        var name = TraceFiles.NameFor(scenario, minimized: false);
        name = name.EndsWith(".trace.json", StringComparison.Ordinal) ? name[..^".trace.json".Length] : name;
        string header;
        string carried;
        try
        {
            header = CoyoteTraceFile.Save(scenario, report, folder, name);
            carried = TraceFiles.Save(CoyoteCarry.ToBugTrace(scenario, report), folder, name + "-coyote.trace.json");
        }
        catch (IOException exception)
        {
            error.WriteLine($"wbcheck test: found a bug but cannot write its traces to '{environment.Show(folder)}': {exception.Message}");
            return ExitCodes.Usage;
        }

        var shown = environment.Show(header);
        output.WriteLine($"coyote trace: {environment.Show(Path.Combine(folder, name + CoyoteTraceFile.TraceSuffix))} (Coyote's own, unchanged)");
        output.WriteLine($"header:       {shown}");
        output.WriteLine($"replay:       {environment.Command("replay", shown)}");
        output.WriteLine($"carried:      {environment.Show(carried)} (the same schedule as a trace of our engine)");
        output.WriteLine($"minimize:     {environment.Command("minimize", environment.Show(carried), "-o", environment.Show(Path.Combine(folder, name + "-coyote-min.trace.json")))}");
        return ExitCodes.BugFound;
    }
}
