using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>
/// Turns a livelock found at the liveness bound (thousands of steps) into a short lasso, for a
/// program that declared shifted lassos: runs the original's first P decisions, then
/// <see cref="PacedStrategy"/> (round-robin holding the leader at a lead of G) with lasso detection
/// relative to the cursor from step P on, for a grid of P and G, and keeps the shortest lasso
/// found (prefix plus cycle); it gives up, while none is found, after <see cref="GiveUpAfter"/>
/// prefixes in a row at which every lead stays in the livelock for its whole allowance and no state
/// comes back. Deterministic; a candidate must find the same bug (a livelock of the
/// same monitor) as a lasso, and is recorded with its own settings (lassos on, fair from P), so
/// it replays.
/// </summary>
internal static class LassoSearch
{
    /// <summary>Leads tried: a writer held 1 to 4 pages ahead of the walk.</summary>
    private static readonly long[] Targets = [1, 2, 3, 4];

    /// <summary>
    /// Head starts tried, first, at each prefix: the leader's steps before the pacing (8: a writer's
    /// first pages, 3 steps each; 0: none). A prefix whose walk starts first leaves the first holes
    /// dirty behind it for ever, the cursor with them, and no state comes back relative to it.
    /// </summary>
    private static readonly int[] HeadStarts = [8, 0];

    /// <summary>Prefix lengths tried (decisions of the original before the paced phase).</summary>
    private static readonly int[] Prefixes = [0, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96];

    /// <summary>
    /// Decisions a candidate may take past its prefix before a lasso is found: the list era's
    /// walk keeps a whole bio of 256 pages locked, so its cycle is about 1,540 decisions long and
    /// its first lasso about 3,100. Once one is found, a candidate is cut where it could no longer
    /// be shorter.
    /// </summary>
    private const int CandidateSteps = 4_000;

    /// <summary>
    /// Prefixes in a row at which every lead ran its whole allowance in the livelock without a
    /// repeat, before the search gives up (while it has found no lasso).
    /// </summary>
    private const int GiveUpAfter = 2;

    /// <summary>Decisions all candidates together may take (each is fingerprinted): the search stops there with the best so far.</summary>
    private const int StepBudget = 12_000;

    /// <summary>
    /// The shortest lasso found shorter than <paramref name="shorterThan"/> steps (one found in
    /// another configuration), kept as <paramref name="search"/>'s best; false if none.
    /// <paramref name="giveUpEarly"/> false runs every prefix the budget allows (for the tests that
    /// check the give-up loses no lasso).
    /// </summary>
    public static bool Run(MinimizationSearch search, int shorterThan, out int candidates, bool giveUpEarly = true)
    {
        candidates = 0;
        var original = search.Original;
        BugTrace? best = null;
        var spent = 0;
        var barren = 0;
        var stale = 0;
        foreach (var prefix in Prefixes)
        {
            var bound = best?.Steps.Count ?? shorterThan;
            if (prefix >= original.Steps.Count || prefix >= bound || search.OutOfTime || spent >= StepBudget)
            {
                break;
            }

            var allRanOut = true;
            var before = best;
            foreach (var (headStart, target) in HeadStarts.SelectMany(h => Targets.Select(g => (h, g))))
            {
                var settings = search.Settings with
                {
                    FairFrom = prefix,
                    Lassos = true,
                    MaxSteps = Math.Min(search.Settings.MaxSteps, best is null ? Math.Min(prefix + CandidateSteps, shorterThan - 1) : best.Steps.Count - 1),
                };
                candidates++;
                var bug = search.RunCandidate(new PacedStrategy(original.Steps, prefix, target, headStart), settings, out var steps);
                spent += steps;
                allRanOut &= steps >= settings.MaxSteps;
                if (bug is not { CycleStart: not null } || steps >= (best?.Steps.Count ?? shorterThan))
                {
                    continue;
                }

                best = BugTrace.Record(search.Program, original.Strategy, original.Seed, original.Iteration, settings, bug, search.LastSteps, minimized: true);
            }

            // Every lead of this prefix stayed in the livelock for its whole allowance and came back
            // to no state: the later rows only start the same pacing later, after more of the
            // original's unpaced decisions. Once that holds for GiveUpAfter prefixes in a row, the
            // rest would spend the budget for nothing (as the 2.6.29 fsync livelock did while its
            // proportions' counts were hashed as they are). A prefix at which any lead ended early
            // (the pacing let the walk finish) or found a lasso starts the count again: the
            // original's decisions there still change what the pacing meets. A heuristic all the
            // same: a later prefix may reach a state the earlier ones did not.
            barren = best is null && allRanOut ? barren + 1 : 0;
            if (giveUpEarly && barren >= GiveUpAfter)
            {
                break;
            }

            // Once a lasso is found, later prefixes only start the same pacing later: stop after
            // GiveUpAfter prefixes in a row that did not shorten it (a heuristic as the other; it
            // saves most of the candidates, each fingerprinted at every step, in a cell whose first
            // prefixes close the lasso).
            stale = best is not null && ReferenceEquals(best, before) ? stale + 1 : 0;
            if (giveUpEarly && stale >= GiveUpAfter)
            {
                break;
            }
        }

        if (best is null)
        {
            return false;
        }

        search.Keep(best);
        return true;
    }
}
