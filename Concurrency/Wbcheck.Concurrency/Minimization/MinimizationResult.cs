using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>A shrunk trace, and how much it shrank.</summary>
/// <param name="Trace">The minimized trace: the same bug, fewer preemptions, or as many and no more steps; it replays.</param>
/// <param name="OriginalSteps">Steps of the trace given.</param>
/// <param name="OriginalPreemptions">Preemptions of the trace given.</param>
/// <param name="Runs">Candidate schedules tried.</param>
public sealed record MinimizationResult(BugTrace Trace, int OriginalSteps, int OriginalPreemptions, int Runs)
{
    /// <summary>The time budget ran out: <see cref="Trace"/> is the smallest found by then.</summary>
    public bool TimedOut { get; init; }

    /// <summary>
    /// No schedule of the bug has fewer preemptions than <see cref="Trace"/> among schedules up to
    /// <see cref="SearchedStepLimit"/> steps long: the bounded search ran every lower bound whole
    /// (a longer schedule with fewer preemptions is not ruled out).
    /// </summary>
    public bool FewestPreemptionsProved { get; init; }

    /// <summary>Schedules the bounded search for fewer preemptions ran (0 when it did not run).</summary>
    public long SearchedSchedules { get; init; }

    /// <summary>The count was proved the fewest by the reduced, stateful search, after the bounded search ran out of budget.</summary>
    public bool ProvedByReducedSearch { get; init; }

    /// <summary>The length the bounded search cut each schedule at (0 when it did not run).</summary>
    public int SearchedStepLimit { get; init; }

    /// <summary>Paced schedules the lasso search ran (0 when it did not run or found no lasso).</summary>
    public int LassoCandidates { get; init; }

    /// <summary>
    /// The program's parameters the minimized trace runs with where they differ from the given
    /// trace's (a smaller configuration the lasso search found a shorter lasso in); empty if none.
    /// </summary>
    public IReadOnlyDictionary<string, string> ChangedParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The bug is judged under fair scheduling (a livelock, a run past its maximum): its switches
    /// from the trace's fair step on are the fairness (the minimizer's candidates take turns at
    /// every step there), not preemptions, so only those before it are counted and minimized.
    /// </summary>
    public bool Fair { get; init; }

    /// <summary>Preemptions of the trace given, as minimization counts them (all, or before its fair step).</summary>
    public int OriginalCountedPreemptions { get; init; } = OriginalPreemptions;

    /// <summary>Preemptions of <see cref="Trace"/> as minimization counts them: never more than <see cref="OriginalCountedPreemptions"/>.</summary>
    public int CountedPreemptions => Fair ? PreemptionsBefore(Trace.Steps, Trace.FairFrom) : Trace.Preemptions;

    /// <summary>One line on the preemption count: before, after, and whether fewer is ruled out.</summary>
    public string PreemptionSummary =>
        Fair
            ? $"{OriginalCountedPreemptions} -> {CountedPreemptions} before the fair phase (from there every thread takes its turn: " +
              $"fairness, not preemptions; {OriginalPreemptions} -> {Trace.Preemptions} switches in all)"
            : $"{OriginalPreemptions} -> {Trace.Preemptions}" +
              (FewestPreemptionsProved
                  ? Trace.Preemptions == 0 ? " (none needed)"
                  : ProvedByReducedSearch
                      ? $" (fewest: every schedule with fewer, up to {SearchedStepLimit} steps long, ran without the bug, up to reorderings of independent steps and states already explored: " +
                        $"the bounded search stopped at its budget, stateful DFS with sleep sets and DPOR finished; {SearchedSchedules} schedules in all)"
                      : $" (fewest: DFS ran every schedule with fewer, up to {SearchedStepLimit} steps long, {SearchedSchedules} schedules, without the bug)"
                  : SearchedSchedules > 0 ? $" (not proved fewest: the bounded search stopped at its budget after {SearchedSchedules} schedules)" : "");

    public override string ToString() =>
        $"{Count(OriginalSteps, "step")}, {Count(OriginalCountedPreemptions, "preemption", Counted)} -> " +
        $"{Count(Trace.Steps.Count, "step")}, {Count(CountedPreemptions, "preemption", Counted)} ({Count(Runs, "run")}" +
        $"{(TimedOut ? ", stopped by the time limit" : "")})";

    private string Counted => Fair ? " before the fair phase" : "";

    /// <summary>
    /// Whether minimization judges <paramref name="trace"/>'s bug under fair scheduling (a livelock,
    /// a run past its maximum), counting only the preemptions before its fair step.
    /// </summary>
    public static bool JudgedFair(BugTrace trace) => trace.Bug.Kind is BugKind.Livelock or BugKind.MaxStepsExceeded;

    /// <summary>The preemptions of <paramref name="trace"/> that minimization counts and never lets rise.</summary>
    public static int CountedPreemptionsOf(BugTrace trace) =>
        JudgedFair(trace) ? PreemptionsBefore(trace.Steps, trace.FairFrom) : trace.Preemptions;

    /// <summary>Preemptions among the first <paramref name="fairFrom"/> decisions of <paramref name="steps"/>.</summary>
    internal static int PreemptionsBefore(IReadOnlyList<TraceStep> steps, int fairFrom)
    {
        var preemptions = 0;
        for (var i = 0; i < steps.Count && i < fairFrom; i++)
        {
            preemptions += steps[i].Preempts ? 1 : 0;
        }

        return preemptions;
    }

    private static string Count(int count, string noun, string qualifier = "") => $"{count} {noun}{(count == 1 ? "" : "s")}{qualifier}";
}
