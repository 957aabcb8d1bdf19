using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>
/// The proof that a trace's preemption count is the fewest its bug needs, where the bounded search
/// (<see cref="PreemptionSearch"/>) ran out of budget before the lower bounds' trees were run whole
/// (direct-reclaim-writer-vs-fsync: seven threads handing over at every sleep, bound 0's tree past
/// 20,000 schedules without reduction). It runs the tree of every schedule with at most one
/// preemption fewer than the best, cut at the same length, as the matrix's proofs run a holding
/// cell: DFS with a fixed bound, sleep sets, source DPOR and stateful pruning
/// (<see cref="VisitedStates"/>, SPIN's hash compaction); those reductions skip only schedules
/// equivalent to one run (reorderings of independent steps, continuations of a state explored).
/// The proof stands only if that tree is run whole within its budget and no schedule in it stopped
/// at a bug, this one or another (what lies past another bug was not run). A schedule of this
/// bug met there is kept when it is better (it has fewer preemptions): the caller then searches on
/// from it. Deterministic; a budget of steps keeps it about a second.
/// </summary>
internal static class PreemptionProof
{
    /// <summary>Decisions the proof may run (as many as the bounded search before it).</summary>
    internal const long StepBudget = PreemptionSearch.StepBudget;

    /// <summary>Memory for the visited states (40 bytes each: 400,000 states).</summary>
    private const long StateBudgetBytes = 16L << 20;

    /// <summary>What the proof established.</summary>
    /// <param name="Proved">Every schedule with fewer preemptions than the best, up to the step limit, was run (up to equivalence) without a bug.</param>
    /// <param name="Schedules">Schedules run.</param>
    /// <param name="Found">A schedule of the bug with fewer preemptions was found (and kept if it replayed).</param>
    internal readonly record struct Outcome(bool Proved, long Schedules, bool Found);

    /// <summary>Run the proof below <paramref name="search"/>'s best, each schedule cut at <paramref name="stepLimit"/> steps.</summary>
    public static Outcome Run(MinimizationSearch search, int stepLimit, long stepBudget = StepBudget)
    {
        var bound = search.BestPreemptions - 1;
        if (search.Fair || bound < 0)
        {
            return new Outcome(false, 0, false);
        }

        var limits = search.Settings with
        {
            FairFrom = int.MaxValue,
            MaxSteps = stepLimit,
            Lassos = false,
        };
        var dfs = new DfsStrategy(
            preemptionBound: bound,
            cap: bound,
            reduce: true,
            visited: new VisitedStates(StateBudgetBytes),
            dpor: DporMode.Source);
        var schedules = 0L;
        var steps = 0L;
        var sawBug = false;
        var found = false;
        while (steps < stepBudget && !search.OutOfTime && dfs.StartIteration(0, 0))
        {
            schedules++;
            var bug = search.RunCandidate(dfs, limits, out var ran);
            steps += ran;
            if (bug is null && !search.LastStoppedAtOtherBug)
            {
                if (ran >= limits.MaxSteps)
                {
                    // Cut at the length: DPOR did not see the races of the steps past it.
                    dfs.LeftUnfinished();
                }

                continue;
            }

            dfs.StoppedAtBug();
            sawBug = true;
            if (bug is not null && search.Improves(search.LastSteps) && search.Accepts(search.Record(search.LastSteps.ToArray())))
            {
                found = true;
                break;
            }
        }

        var whole = steps < stepBudget && !search.OutOfTime && !found;
        return new Outcome(whole && !sawBug, schedules, found);
    }
}
