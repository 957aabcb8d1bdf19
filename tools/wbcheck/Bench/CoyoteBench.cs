using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Coyote;
using Wbcheck.Model;

namespace Wbcheck.Cli.Bench;

/// <summary>
/// <c>wbcheck bench --only coyote</c>: the same programs under our engine and under Coyote's
/// TestingEngine, side by side in one run: three race scenarios (a deadlock cell, a lost-data cell,
/// a cell that holds) and the classic programs. Each row pairs matching strategies: random with
/// random; on the scenarios our PCT (its default depth 11, fair after 200 steps, the era table's) with Coyote's
/// fair prioritization (10 priority changes, fair after 200 steps, the Coyote era table's); on the
/// classic programs our PCT at depth 11 with Coyote's prioritization at its default 10 changes.
/// Schedules to the first bug: seeds 1, 2, ... each to its first bug or a cap, as the classic
/// figures of <c>wbcheck bench</c>.
/// </summary>
internal sealed class CoyoteBench(BenchOptions options, Action<string> progress)
{
    /// <summary>A smoke run (<c>--quick</c>): fewer seeds, smaller caps.</summary>
    private bool Quick => options.Seeds < BenchOptions.Full.Seeds;

    /// <summary>Iterations a Coyote seed may take before it counts as "not found" (Coyote runs a few hundred a second).</summary>
    private int CoyoteCap => Quick ? 300 : 1_000;

    /// <summary>Coyote schedules one figure may run over all its seeds: enough for 20 seeds at the cap.</summary>
    private int CoyoteBudget => Quick ? 1_000 : 20_000;

    /// <summary>Seeds per schedules-to-bug figure, for each engine (at least 20 in a full run).</summary>
    private int Seeds => options.Seeds;

    public List<EngineComparison> Run()
    {
        var scenario = RaceScenario.DefaultConfiguration;
        var classic = TestingConfiguration.Default;
        var coyoteScenario = CoyoteSettings.Default;
        var coyoteClassic = CoyoteSettings.Default with
        {
            MaxSteps = classic.MaxSteps,
            MaxUnfairSteps = classic.MaxSteps,
            LivenessBound = classic.MaxSteps / 4,
        };
        (string Name, string Kind, ITestProgram Program, bool Buggy, TestingConfiguration Ours, CoyoteSettings Coyote, string Pct, string CoyotePct)[] programs =
        [
            ("cyclic-wrap-deadlock 2.6.29", "deadlock cell", Scenario(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29), true, scenario, coyoteScenario, "pct", "fair-pct"),
            ("fsync-vs-dirtier 2.6.20", "lost-data cell", Scenario(FsyncVsDirtier.ScenarioName, KernelEra.V2_6_20), true, scenario, coyoteScenario, "pct", "fair-pct"),
            ("cyclic-wrap-deadlock 4.20", "holding cell", Scenario(CyclicWrapDeadlock.ScenarioName, KernelEra.V4_20), false, scenario, coyoteScenario, "pct", "fair-pct"),
            ("abba-5", "classic", new LockOrderInversion(5), true, classic with { PctDepth = 11 }, coyoteClassic, "pct d=11", "pct"),
            ("abba-50", "classic", new LockOrderInversion(50), true, classic with { PctDepth = 11 }, coyoteClassic, "pct d=11", "pct"),
            ("lost-update", "classic", new LostUpdate(0), true, classic with { PctDepth = 11 }, coyoteClassic, "pct d=11", "pct"),
            ("reorder-3", "classic", new Reorder(3), true, classic with { PctDepth = 11 }, coyoteClassic, "pct d=11", "pct"),
            ("reorder-10", "classic", new Reorder(10), true, classic with { PctDepth = 11 }, coyoteClassic, "pct d=11", "pct"),
            ("dining-5", "classic", new DiningPhilosophers(5), true, classic with { PctDepth = 11 }, coyoteClassic, "pct d=11", "pct"),
            ("wrong-lock-3", "classic", new WrongLockCounter(3), true, classic with { PctDepth = 11 }, coyoteClassic, "pct d=11", "pct"),
        ];
        var rows = new List<EngineComparison>();
        foreach (var (name, kind, program, buggy, ours, coyote, pct, coyotePct) in programs)
        {
            foreach (var (ourStrategy, coyoteStrategy) in new[] { ("random", "random"), (pct, coyotePct) })
            {
                progress($"coyote {name} {ourStrategy} / {coyoteStrategy}");
                var ourConfiguration = ours with { Strategy = ourStrategy.StartsWith("pct", StringComparison.Ordinal) ? "pct" : ourStrategy };
                var coyoteSettings = coyote with { Strategy = coyoteStrategy };
                var ourRate = OurThroughput(program, ourConfiguration);
                var ourBug = buggy ? OurSchedulesToBug(program, ourConfiguration) : null;
                var (coyoteRate, coyoteBug) = buggy
                    ? CoyoteSchedulesToBug(program, coyoteSettings)
                    : (CoyoteThroughput(program, coyoteSettings), null);
                rows.Add(new EngineComparison(name, kind, ourStrategy, coyoteStrategy, ourRate, coyoteRate, ourBug, coyoteBug));
            }
        }

        return rows;
    }

    public static string ToText(IReadOnlyList<EngineComparison> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("our engine and Coyote 1.7.11 on the same programs (schedules/s; median schedules to the first bug over seeds, found/seeds)");
        text.AppendLine();
        text.AppendLine("| program | kind | strategies (ours / Coyote) | ours sch/s | Coyote sch/s | speed ratio | ours to bug | Coyote to bug | schedules ratio |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {row.Program} | {row.Kind} | {row.OurStrategy} / {row.CoyoteStrategy} | {row.OurSchedulesPerSecond:N0} | {row.CoyoteSchedulesPerSecond:N0} | " +
                $"{row.SpeedRatio:N0} x | {ToBug(row.OurSchedulesToBug)} | {ToBug(row.CoyoteSchedulesToBug)} | {(row.ScheduleRatio is { } r ? $"{r:0.##}" : "-")} |"));
        }

        return text.ToString();
    }

    public static string ToJson(IReadOnlyList<EngineComparison> rows) =>
        JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + "\n";

    private static string ToBug(SchedulesToBug? bug) => bug is null
        ? "holds"
        : string.Create(CultureInfo.InvariantCulture, $"{bug.Median:0.#} ({bug.Found}/{bug.Seeds}{(bug.Found < bug.Seeds ? ", a lower bound" : "")})");

    private static RaceScenario Scenario(string name, KernelEra era) => ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era });

    private double OurThroughput(ITestProgram program, TestingConfiguration configuration)
    {
        var measure = configuration with { Iterations = options.ThroughputIterations, StopAtFirstBug = false };
        TestingEngine.Run(program, measure with { Iterations = Math.Max(1, measure.Iterations / 10) });
        var rates = new List<double>();
        for (var i = 0; i < options.Repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            var report = TestingEngine.Run(program, measure with { Seed = (ulong)i });
            rates.Add(report.Iterations / clock.Elapsed.TotalSeconds);
        }

        return Sample.Of(rates).Median;
    }

    private SchedulesToBug OurSchedulesToBug(ITestProgram program, TestingConfiguration configuration)
    {
        var runs = new List<(bool Found, int Schedules)>();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var report = TestingEngine.Run(program, configuration with { Seed = (ulong)seed, Iterations = options.BugIterationCap, StopAtFirstBug = true });
            runs.Add(report.FoundBug ? (true, report.Bugs[0].Iteration + 1) : (false, report.Iterations));
        }

        return SchedulesToBug.Of(runs);
    }

    /// <summary>Coyote's schedules to the first bug over seeds 1, 2, ..., and its schedules a second over those runs (what a user pays, engine set-up included).</summary>
    private (double Rate, SchedulesToBug Bug) CoyoteSchedulesToBug(ITestProgram program, CoyoteSettings settings)
    {
        CoyoteEngine.Run(program, settings with { Iterations = 10 });
        var runs = new List<(bool Found, int Schedules)>();
        var elapsed = TimeSpan.Zero;
        var spent = 0;
        for (var seed = 1; seed <= Seeds && spent < CoyoteBudget; seed++)
        {
            var report = CoyoteEngine.Run(program, settings with { Seed = (uint)seed, Iterations = CoyoteCap });
            runs.Add((report.Bug is not null, report.Iterations));
            spent += report.Iterations;
            elapsed += report.Elapsed;
        }

        return (spent / elapsed.TotalSeconds, SchedulesToBug.Of(runs));
    }

    private double CoyoteThroughput(ITestProgram program, CoyoteSettings settings)
    {
        CoyoteEngine.Run(program, settings with { Iterations = 20 });
        var report = CoyoteEngine.Run(program, settings with { Iterations = Quick ? 100 : 500 });
        return report.Iterations / report.Elapsed.TotalSeconds;
    }
}
