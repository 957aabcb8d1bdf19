using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>
/// The minimizer's first phase: the fewest preemptions the bug needs, found by search rather than
/// by shrinking. Delta debugging only removes the trace's own departures from the default
/// schedule, so a trace whose bug needs all of its 7 switches stays at 7 even when another
/// schedule shows the same bug with 1. Here DFS iterates its preemption bound 0, 1, 2, ... (as
/// CHESS) up to one less than the trace has, without a fair phase (the bug is judged as found:
/// same kind and monitor) and without the reduction (each bound's tree whole), each schedule cut
/// at twice the trace's length plus 32 steps; the first schedule with the bug is one with the fewest
/// preemptions, and the rest of that bound's tree is run for a shorter one, each schedule cut where
/// it could no longer end shorter than the best so far (<see cref="ShorterThanBest"/>). A budget of steps
/// keeps it deterministic and bounded: when it runs out first, the trace keeps what the lower
/// bounds found, and the result says which bounds were proved empty.
/// Not for bugs judged under fair scheduling (livelocks, runs past their maximum): their switches
/// after the fair step are the schedule's fairness, not preemptions to remove.
/// </summary>
internal static class PreemptionSearch
{
    /// <summary>Decisions run at most over every bound (about a second of DFS on a kernel scenario).</summary>
    internal const long StepBudget = 2_000_000;

    /// <summary>Search below <paramref name="search"/>'s best trace; its best becomes the trace found, if any.</summary>
    /// <returns>The preemption bounds proved empty (every schedule with at most that many run, none with the bug): -1 for none.</returns>
    /// <param name="cutAtBest">Once the bug is found, cut each schedule where it can no longer be shorter (<see cref="ShorterThanBest"/>); false: run each to its end, as before, for comparison.</param>
    public static PreemptionSearchResult Run(MinimizationSearch search, long stepBudget = StepBudget, bool cutAtBest = true)
    {
        if (search.Fair || search.BestPreemptions == 0)
        {
            return new PreemptionSearchResult(-1, 0, Complete: search.BestPreemptions == 0, StepLimit: 0);
        }

        var original = search.Best;
        var limits = search.Settings with
        {
            // No fair phase: DFS decides every step, so its preemption bound is the trace's count.
            FairFrom = int.MaxValue,
            MaxSteps = Math.Min(search.Settings.MaxSteps, (2 * original.Steps.Count) + 32),
            Lassos = false,
        };
        var dfs = new DfsStrategy(preemptionBound: null, cap: search.BestPreemptions - 1, reduce: false);
        var provedBelow = -1;
        var schedules = 0L;
        var steps = 0L;
        var found = -1;

        // A tree is proved empty only if no schedule in it showed the bug, kept or not (a bug
        // whose re-recording was refused still shows the bound is not empty).
        var sawBug = false;
        while (steps < stepBudget && !search.OutOfTime && dfs.StartIteration(0, 0))
        {
            if (dfs.Bound > 0 && dfs.SchedulesAtBound == 1)
            {
                // A new tree started: the one below it was run whole.
                provedBelow = sawBug ? provedBelow : dfs.Bound - 1;
                if (found >= 0)
                {
                    break;
                }
            }

            schedules++;
            var bug = search.RunCandidate(dfs, found >= 0 && cutAtBest ? ShorterThanBest(search, limits) : limits, out var ran);
            steps += ran;
            if (bug is null)
            {
                continue;
            }

            dfs.StoppedAtBug();
            sawBug = true;
            if (search.Improves(search.LastSteps))
            {
                var trace = search.LastSteps.ToArray();
                if (search.Accepts(search.Record(trace)))
                {
                    found = search.BestPreemptions;
                }
            }
        }

        var exhausted = steps < stepBudget && !search.OutOfTime;
        if (exhausted && !sawBug)
        {
            // The last tree ran whole too: nothing below the trace's own count.
            provedBelow = dfs.Bound;
        }

        return new PreemptionSearchResult(provedBelow, schedules, Complete: provedBelow >= search.BestPreemptions - 1, StepLimit: limits.MaxSteps);
    }

    /// <summary>
    /// The limits of a schedule run after the bug was found with the fewest preemptions, for a
    /// shorter one only: every schedule of fewer preemptions ran in a lower bound's tree, whole,
    /// without a bug better than the original, so only one as many preemptions and fewer steps than
    /// <see cref="MinimizationSearch.Best"/> can improve it. A schedule is cut when it has run one
    /// step fewer than the best without the bug (no report of the cut: it is not a bug), so DFS does
    /// not branch below that depth. Its order is unchanged, the schedules cut could not have been
    /// kept, and each costs fewer steps of the budget: the search keeps the trace the uncut one
    /// kept, or a shorter one it found with the budget it saved.
    /// </summary>
    private static RunSettings ShorterThanBest(MinimizationSearch search, in RunSettings limits) =>
        limits with { MaxSteps = Math.Min(limits.MaxSteps, search.Best.Steps.Count - 1), Terminates = false };
}
