using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>
/// Turns a livelock found at the liveness bound (thousands of steps) into a short lasso, for a
/// program that declared shifted lassos: runs the original's first P decisions, then
/// <see cref="PacedStrategy"/> (round-robin holding the leader at a lead of G) with lasso detection
/// relative to the cursor from step P on, for a grid of P and G, and keeps the shortest lasso
/// found (prefix plus cycle). Deterministic; a candidate must find the same bug (a livelock of the
/// same monitor) as a lasso, and is recorded with its own settings (lassos on, fair from P), so
/// it replays.
/// </summary>
internal static class LassoSearch
{
    /// <summary>Leads tried: a writer held 1 to 4 pages ahead of the walk.</summary>
    private static readonly long[] Targets = [1, 2, 3, 4];

    /// <summary>Prefix lengths tried: up to this many decisions of the original, every <see cref="PrefixStride"/>.</summary>
    private const int MaxPrefix = 96;

    private const int PrefixStride = 4;

    /// <summary>Decisions a candidate may take past its prefix: a cycle longer than this is not what a reader wants.</summary>
    private const int CandidateSteps = 1_200;

    /// <summary>The shortest lasso found, kept as <paramref name="search"/>'s best; false if none.</summary>
    public static bool Run(MinimizationSearch search, out int candidates)
    {
        candidates = 0;
        var original = search.Original;
        BugTrace? best = null;
        var limit = Math.Min(MaxPrefix, original.Steps.Count - 1);
        for (var prefix = 0; prefix <= limit && !search.OutOfTime; prefix += PrefixStride)
        {
            if (best is not null && prefix >= best.Steps.Count)
            {
                break;
            }

            foreach (var target in Targets)
            {
                var settings = search.Settings with
                {
                    FairFrom = prefix,
                    Lassos = true,
                    MaxSteps = Math.Min(search.Settings.MaxSteps, prefix + CandidateSteps),
                };
                candidates++;
                var bug = search.RunCandidate(new PacedStrategy(original.Steps, prefix, target), settings, out var steps);
                if (bug is not { CycleStart: not null } || (best is not null && steps >= best.Steps.Count))
                {
                    continue;
                }

                best = BugTrace.Record(search.Program, original.Strategy, original.Seed, original.Iteration, settings, bug, search.LastSteps, minimized: true);
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
