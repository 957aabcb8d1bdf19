using System.Diagnostics;
using Wbcheck.Cli.Traces;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>A race scenario as a matrix column: the era-table cell check, and the found bug's trace minimized.</summary>
internal static class ScenarioColumn
{
    /// <summary>The column of <paramref name="scenario"/>, checked against the era table or, for tests, other <paramref name="expectations"/>.</summary>
    public static MatrixColumn Create(string scenario, Func<KernelEra, ExpectedBug?>? expectations = null) => new(
        scenario,
        MatrixColumn.ScenarioKind,
        ScenarioCatalog.DescriptionOf(scenario),
        (era, context) => Check(scenario, era, Expected(scenario, era, expectations), context))
    {
        ExpectedToHold = era => Expectations.NotApplicableTo(scenario, era) is null && Expected(scenario, era, expectations) is null,
    };

    private static ExpectedBug? Expected(string scenario, KernelEra era, Func<KernelEra, ExpectedBug?>? expectations) =>
        expectations is null ? Expectations.For(scenario, era) : expectations(era);

    /// <summary>What one search run of a cell did: its strategy, schedules and steps.</summary>
    private static RunCost RunCostOf(TestReport run) =>
        new(run.Configuration.Strategy, run.Iterations, run.Steps, Math.Round(run.Elapsed.TotalSeconds, 2));

    /// <summary>A bug as the table's cell shows it: its kind ("deadlock", "safety-monitor"); the notes say which monitor.</summary>
    public static string Short(BugKind kind) => ExpectedBug.Describe(kind, "");

    private static MatrixCell Check(string scenario, KernelEra era, ExpectedBug? expected, MatrixContext context)
    {
        // A scenario that cannot be built on this era (it needs the page lists, or the tags) is
        // shown as such, with the table's reason, rather than passing without being run.
        if (Expectations.NotApplicableTo(scenario, era) is { } notApplicable)
        {
            return MatrixCell.NotApplicableCell(scenario, era, notApplicable.Reason);
        }

        // The run alone is recorded: the era boundaries it consulted say which later eras it proves.
        EraBoundaries.Reset();
        var result = CellCheck.Run(scenario, era, expected, context.Budget, context.Progress);
        var consulted = EraBoundaries.Reset();
        var minimizing = Stopwatch.StartNew();
        // Without the reduced proof of the fewest preemptions: seconds of CPU on the cells whose
        // bounded search runs out of budget, and the trace written is the same either way unless
        // the proof meets a schedule with fewer (none of the era table's bug cells does).
        var minimized = result.Bug is { } bug ? TestingEngine.MinimizeConfiguration(result.Program!, bug, proveFewest: false).Trace : null;
        var minimizeSeconds = minimized is null ? (double?)null : Math.Round(minimizing.Elapsed.TotalSeconds, 2);
        return new MatrixCell
        {
            Column = scenario,
            Era = era,
            Expected = result.Expected?.Describe() ?? "holds",
            Found = result.Found,
            Short = result.Bug is { } found ? Short(found.Bug.Kind) : "holds",
            FixedBy = result.Expected is not { } row ? null : result.Bug is { } met ? row.FixedByOf(met.Bug) : row.FixedBy,
            Problem = result.Problem,
            Trace = minimized,
            TraceName = minimized is null ? null : TraceFiles.NameFor(result.Program!, minimized: true),
            Cost = new CellCost(0, null, [.. result.Runs.Select(RunCostOf)], null, minimizeSeconds),
            Consulted = consulted,
        };
    }
}
