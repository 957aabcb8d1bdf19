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


    /// <summary>What was found: "holds", or the bug as the table names bugs ("deadlock", "safety-monitor (integrity)").</summary>
    public string Found => Bug is { } trace ? ExpectedBug.Describe(trace.Bug.Kind, trace.Bug.Source) : "holds";
}
