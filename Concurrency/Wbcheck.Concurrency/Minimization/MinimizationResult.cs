using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>A shrunk trace, and how much it shrank.</summary>
/// <param name="Trace">The minimized trace: the same bug, no more steps and no more preemptions; it replays.</param>
/// <param name="OriginalSteps">Steps of the trace given.</param>
/// <param name="OriginalPreemptions">Preemptions of the trace given.</param>
/// <param name="Runs">Candidate schedules tried.</param>
public sealed record MinimizationResult(BugTrace Trace, int OriginalSteps, int OriginalPreemptions, int Runs)
{
    /// <summary>The time budget ran out: <see cref="Trace"/> is the smallest found by then.</summary>
    public bool TimedOut { get; init; }

    public override string ToString() =>
        $"{Count(OriginalSteps, "step")}, {Count(OriginalPreemptions, "preemption")} -> " +
        $"{Count(Trace.Steps.Count, "step")}, {Count(Trace.Preemptions, "preemption")} ({Count(Runs, "run")}" +
        $"{(TimedOut ? ", stopped by the time limit" : "")})";

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
