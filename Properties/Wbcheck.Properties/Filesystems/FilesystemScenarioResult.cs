using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Minimization;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Properties.Filesystems;

/// <summary>What checking one race scenario on a user's filesystem found.</summary>
public sealed record FilesystemScenarioResult
{
    public required string Scenario { get; init; }

    /// <summary>The bug the era table expects on the current era; null when the scenario should hold.</summary>
    public required ExpectedBug? Expected { get; init; }

    /// <summary>The searches run, in order.</summary>
    public required IReadOnlyList<TestReport> Runs { get; init; }

    /// <summary>The minimized trace of the bug found, if one was.</summary>
    public BugTrace? Trace { get; init; }

    /// <summary>How the trace was minimized: the steps and preemptions before and after.</summary>
    public MinimizationResult? Minimization { get; init; }

    /// <summary>The minimized trace, step by step, as <c>wbcheck replay</c> prints one.</summary>
    public string? Timeline { get; init; }

    /// <summary>Why the result is not what the era table expects; null when it is.</summary>
    public string? Problem { get; init; }
}
