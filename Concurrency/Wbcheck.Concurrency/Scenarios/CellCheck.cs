using Wbcheck.Model;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Checks one cell of the era table, the same way for the tests and for <c>wbcheck matrix</c>.
/// A cell that should fail: PCT, then random scheduling, on the full configuration, until the
/// first bug, which must be the expected one. A cell that should hold: stateful DFS with a
/// preemption bound on the small configuration, or with <see cref="CellBudget.LargerProofs"/> on
/// the proof configuration (<see cref="ProofForms"/>), to the end, then PCT on the full one;
/// neither may find anything. Deterministic: the seeds are fixed by the budget.
/// </summary>
public static class CellCheck
{
    /// <summary>Check <paramref name="scenario"/> on <paramref name="era"/> against the era table.</summary>
    public static CellResult Run(string scenario, KernelEra era, CellBudget? budget = null, RunProgress? progress = null) =>
        Run(scenario, era, Expectations.For(scenario, era), budget ?? CellBudget.Default, progress);

    /// <summary>Check the cell against <paramref name="expected"/> (null: it should hold) rather than the table.</summary>
    /// <exception cref="ArgumentException">The scenario is unknown.</exception>
    public static CellResult Run(string scenario, KernelEra era, ExpectedBug? expected, CellBudget budget, RunProgress? progress = null) =>
        Run(scenario, ScenarioOptions.Default with { Era = era }, expected, budget, progress);

    /// <summary>
    /// Check the cell of <paramref name="options"/>' era with scenarios built from
    /// <paramref name="options"/> (a user's filesystem, say): the small configuration of a holding
    /// cell is these options made small.
    /// </summary>
    /// <exception cref="ArgumentException">The scenario is unknown.</exception>
    public static CellResult Run(string scenario, ScenarioOptions options, ExpectedBug? expected, CellBudget budget, RunProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budget);
        return expected is null ? Holds(scenario, options, budget, progress) : Fails(scenario, options, expected, budget, progress);
    }

    private static CellResult Fails(string name, ScenarioOptions options, ExpectedBug expected, CellBudget budget, RunProgress? progress)
    {
        var era = options.Era;
        var scenario = ScenarioCatalog.Create(name, options);
        var configuration = RaceScenario.DefaultConfiguration with { Iterations = budget.FindIterations, Seed = budget.FindSeed };
        var runs = new List<TestReport> { TestingEngine.Run(scenario, configuration with { Strategy = "pct" }, progress) };
        if (!runs[0].FoundBug)
        {
            runs.Add(TestingEngine.Run(scenario, configuration with { Strategy = "random" }, progress));
        }

        var last = runs[^1];
        var bug = last.FoundBug ? last.Bugs[0] : null;
        return new CellResult
        {
            Scenario = name,
            Era = era,
            Expected = expected,
            Runs = runs,
            Bug = bug,
            Program = bug is null ? null : scenario,
            Problem = bug is null ? $"expected {expected.Describe()}, found nothing: {last.Summary()}"
                : !expected.Matches(bug.Bug) ? $"expected {expected.Describe()}, found {bug.Bug}"
                : null,
        };
    }

    private static CellResult Holds(string name, ScenarioOptions options, CellBudget budget, RunProgress? progress)
    {
        var era = options.Era;
        var small = ScenarioCatalog.Create(name, budget.LargerProofs ? ProofForms.For(name, options) : ProofForms.Small(options));
        var dfs = TestingEngine.Run(small, RaceScenario.DefaultConfiguration with
        {
            Strategy = "dfs",
            PreemptionBound = budget.PreemptionBound,
            Iterations = budget.SearchLimit,

            // Stateful: a schedule stops at a state an earlier one explored (most of cyclic-wrap-deadlock's).
            Stateful = true,
        }, progress);
        if (dfs.FoundBug)
        {
            return Unexpected(name, era, [dfs], small);
        }

        if (dfs.StopReason != StopReason.SpaceExhausted && budget.SearchToTheEnd)
        {
            return new CellResult
            {
                Scenario = name,
                Era = era,
                Expected = null,
                Runs = [dfs],
                Problem = $"expected it to hold, but the search of its {(budget.LargerProofs ? "proof" : "small")} configuration did not finish: {dfs.Summary()}",
            };
        }

        var full = ScenarioCatalog.Create(name, options);
        var pct = TestingEngine.Run(
            full,
            RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = budget.HoldsIterations, Seed = budget.HoldsSeed },
            progress);
        return pct.FoundBug
            ? Unexpected(name, era, [dfs, pct], full)
            : new CellResult { Scenario = name, Era = era, Expected = null, Runs = [dfs, pct] };
    }

    private static CellResult Unexpected(string name, KernelEra era, List<TestReport> runs, RaceScenario program)
    {
        var bug = runs[^1].Bugs[0];
        return new CellResult
        {
            Scenario = name,
            Era = era,
            Expected = null,
            Runs = runs,
            Bug = bug,
            Program = program,
            Problem = $"expected it to hold, found {bug.Bug} ({runs[^1].Configuration.Strategy}, {(program.Options.Small ? "small" : "full")} configuration)",
        };
    }
}
