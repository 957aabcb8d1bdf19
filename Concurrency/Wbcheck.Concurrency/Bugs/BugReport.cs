using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Bugs;

/// <summary>
/// A bug the engine found: what kind, what failed, where, in a one-line message, with the wait-for
/// graph of a deadlock or the cycle of a livelock as detail lines.
/// </summary>
public sealed class BugReport
{
    public required BugKind Kind { get; init; }

    /// <summary>
    /// What failed, which with <see cref="Kind"/> identifies "the same bug" across schedules: the
    /// monitor's name, the assertion's kernel function, the exception type or the spinlock;
    /// empty where the kind says it all (deadlock, max steps, uncontrolled concurrency).
    /// </summary>
    public string Source { get; init; } = "";

    /// <summary>One line a user can act on.</summary>
    public required string Message { get; init; }

    /// <summary>The trace step at whose end the bug surfaced; -1 before the first step.</summary>
    public required int Step { get; init; }

    /// <summary>The thread at fault, when there is one.</summary>
    public int? ThreadId { get; init; }

    /// <summary>Further lines: the wait-for graph of a deadlock, the cycle of a livelock.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>For a livelock found as a lasso: the first decision of the cycle (the steps from it to <see cref="Step"/> repeat forever).</summary>
    public int? CycleStart { get; init; }

    /// <summary>For a deadlock: each sleeping thread, what it waits on and who holds it.</summary>
    public IReadOnlyList<WaitForEdge> WaitFor { get; init; } = [];

    /// <summary>Same kind and same failing monitor, assertion or exception type (not necessarily the same step).</summary>
    public bool IsSameBugAs(BugReport other) => Kind == other.Kind && Source == other.Source;

    /// <summary>
    /// Exactly the same finding: same bug, same message, same step. An uncontrolled-concurrency
    /// report's wording is the one exception: which escape is noticed first (a continuation
    /// posted by a timer's OS thread, the engine's own, or the step ending unfinished) depends on
    /// the OS's timing, which no schedule controls, so its kind, step and thread identify it.
    /// </summary>
    public bool IsIdenticalTo(BugReport other) =>
        IsSameBugAs(other) && (Kind == BugKind.UncontrolledConcurrency || Message == other.Message) &&
        Step == other.Step && ThreadId == other.ThreadId && CycleStart == other.CycleStart;

    public override string ToString() => $"{TraceNames.Of(Kind)}: {Message}";
}
