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
        Section(text, "Classic programs", ["program", "strategy", "schedules/s", "median schedules to bug"],
            report.Classic.Select(c => new[] { c.Program, c.Strategy, Rate(c.SchedulesPerSecond), c.MedianSchedulesToBug?.ToString("F1", CultureInfo.InvariantCulture) ?? "- (correct)" }));
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

    private static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
