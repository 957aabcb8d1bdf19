using System.Globalization;
using System.Text;
using System.Text.Json;
using Wbcheck.Cli.Output;

namespace Wbcheck.Cli.Bench;

/// <summary>A bench report as tables for people, or as JSON for tracking the figures over time.</summary>
internal static class BenchRendering
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, Json) + "\n";

    public static string ToText(BenchReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"wbcheck bench, {report.Date}, {report.Machine}\n\n");
        if (report.TrivialStepsPerSecondSample is { Median: > 0 } trivial)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"trivial two-thread program: {Rate(trivial.Median)} steps/s (min {Rate(trivial.Min)}, max {Rate(trivial.Max)}), {report.AllocatedBytesPerStep:F1} bytes allocated per step\n\n");
        }

        Section(text, "Race scenarios (throughput, era 6.9)", ["scenario", "pages", "strategy", "schedules/s", "steps/s"],
            report.Scenarios.Select(s => new[] { s.Scenario, Int(s.Pages), s.Strategy, Rate(s.SchedulesPerSecond), Rate(s.StepsPerSecond) }));
        Section(text, "Time to the first bug (median over seeds)", ["scenario", "era", "strategy", "seconds", "schedules", "found in all seeds"],
            report.TimeToBug.Select(t => new[] { t.Scenario, t.Era, t.Strategy, t.MedianSeconds.ToString("F4", CultureInfo.InvariantCulture), t.MedianSchedules.ToString("F1", CultureInfo.InvariantCulture), $"{(t.FoundInAllSeeds ? "yes" : "no")} ({t.Seeds})" }));
        Section(text, "DFS to exhaustion, preemption bound 2, small configurations", ["scenario", "era", "seconds", "schedules", "exhausted"],
            report.DfsExhaustion.Select(d => new[] { d.Scenario, d.Era, d.Seconds.ToString("F2", CultureInfo.InvariantCulture), Int(d.Schedules), d.Exhausted ? "yes" : "no (cut)" }));
        Section(text, "Search (issue #19): cyclic-wrap-deadlock against SPIN (3 actors, 2 passes); holding cells' small forms stateless and stateful (bound 2) and their proof configurations (the matrix's); classic programs without and with the reduction (no bound, cap 100,000)",
            ["program", "mode", "schedules", "states", "steps/s", "steps/cpu-s", "seconds", "cpu-s", "exhausted", "bug"],
            report.Search.Select(s => new[] { s.Program, s.Mode, Int(s.Schedules), s.States == 0 ? "-" : Int((int)s.States), Rate(s.StepsPerSecond), Rate(s.StepsPerCpuSecond), s.Seconds.ToString("F2", CultureInfo.InvariantCulture), s.CpuSeconds.ToString("F2", CultureInfo.InvariantCulture), s.Exhausted ? "yes" : "no", s.FoundBug ? "found" : "-" }));
        Section(text, "Minimization (issue #19): each bug cell's trace as found, shrunk by delta debugging alone, and minimized (bounded search for fewer preemptions, then delta debugging)",
            ["cell", "bug", "found\nsteps/preempt.", "ddmin alone\nsteps/preempt.", "minimized\nsteps/preempt.", "fewest\nproved", "DFS\nschedules", "seconds\nddmin / min."],
            report.Minimize.Select(m => new[] { m.Cell, m.Bug, $"{m.FoundSteps}/{m.FoundPreemptions}", $"{m.ShrunkSteps}/{m.ShrunkPreemptions}", $"{m.MinimizedSteps}/{m.MinimizedPreemptions}", m.FewestProved ? "yes" : "no", Int((int)m.SearchSchedules), $"{m.ShrinkSeconds:F2} / {m.MinimizeSeconds:F2}" }));
        Section(text, "Classic programs (schedules to the first bug: sample median over seeds with its 95% interval; per-schedule odds of the bug with theirs)",
            ["program", "strategy", "schedules/s", "median schedules\nto bug (95%)", "found in\nseeds", "per-schedule odds\nof the bug (95%)", "median the\nodds imply"],
            report.Classic.Select(c => c.SchedulesToBug is { } bug
                ? [c.Program, c.Strategy, Rate(c.SchedulesPerSecond), $"{Count(bug.Median)} ({Count(bug.MedianLow)}-{Count(bug.MedianHigh)})", $"{bug.Found}/{bug.Seeds}", $"{Odds(bug.PerSchedule)} ({Odds(bug.PerScheduleLow)}-{Odds(bug.PerScheduleHigh)})", bug.GeometricMedian is { } g ? Count(g) : "-"]
                : new[] { c.Program, c.Strategy, Rate(c.SchedulesPerSecond), "- (correct)", "", "", "" }));
        Section(text, "FsCheck properties (cases over the cases a matrix cell checks)", ["property", "era", "cases", "cases/s"],
            report.Properties.Select(p => new[] { p.Property, p.Era, Int(p.Cases), Rate(p.CasesPerSecond) }));
        if (report.Soak is { } soak)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Memory soak: {soak.Schedules:N0} schedules of {soak.Scenario} in {soak.Seconds:F1} s; working set {Megabytes(soak.EarlyWorkingSet)} after " +
                $"{soak.EarlySchedules:N0}, {Megabytes(soak.EndWorkingSet)} at the end ({soak.Growth:+0.0%;-0.0%}): " +
                $"{(soak.Flat ? "flat" : "GROWING")} (within {Soak.FlatWithin:0%} counts as flat); live managed heap {Megabytes(soak.EarlyManagedHeap)} then {Megabytes(soak.EndManagedHeap)}\n");
        }

        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, string[] headers, IEnumerable<string[]> rows)
    {
        var table = new TextTable(headers);
        var any = false;
        foreach (var row in rows)
        {
            table.Add(row);
            any = true;
        }

        if (any)
        {
            text.Append(title).Append("\n\n").Append(table).Append('\n');
        }
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    private static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Count(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A probability as "1/N", which reads better than 0.000880 for rare bugs.</summary>
    private static string Odds(double p) => p <= 0 ? "0" : p >= 1 ? "1" : $"1/{(1 / p).ToString(1 / p < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture)}";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
