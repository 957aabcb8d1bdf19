using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>What checking one (scenario, era) cell found, and whether that is what the table expects.</summary>
public sealed class CellResult
{
    public required string Scenario { get; init; }

    public required KernelEra Era { get; init; }

    /// <summary>The bug the table expects, or null where the cell should hold.</summary>
    public required ExpectedBug? Expected { get; init; }

    /// <summary>The runs made, in order, for their summaries.</summary>
    public required IReadOnlyList<TestReport> Runs { get; init; }

    /// <summary>The first bug found, if any (expected or not).</summary>
    public BugTrace? Bug { get; init; }

    /// <summary>The program <see cref="Bug"/> was found in (the small or the full configuration).</summary>
    public RaceScenario? Program { get; init; }

    /// <summary>Why the cell does not match its expectation, one line; null when it does.</summary>
    public string? Problem { get; init; }

    public bool Matches => Problem is null;

    /// <summary>
    /// Where "holds" rests on less than an exhaustive search: the DFS of the small configuration
    /// stopped at the scenario's own limit (<see cref="RaceScenario.SmallSearchLimit"/>) before it
    /// had explored every schedule. Null when there was no such DFS or it finished.
    /// </summary>
    public string? Caveat => Bug is null && Runs.FirstOrDefault(r => r.Configuration.Strategy == "dfs") is { StopReason: not StopReason.SpaceExhausted } dfs
        ? $"the DFS of the small configuration (preemption bound {dfs.Configuration.PreemptionBound}) stopped at {dfs.Iterations:N0} schedules, before exploring them all (wbcheck bench --only dfs runs it to the end)"
        : null;

    /// <summary>What was found: "holds", or the bug as the table names bugs ("deadlock", "safety-monitor (integrity)").</summary>
    public string Found => Bug is { } trace ? ExpectedBug.Describe(trace.Bug.Kind, trace.Bug.Source) : "holds";
}
