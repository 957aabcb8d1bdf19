using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>
/// The minimizer's second way to fewer preemptions, where the bounded search ran out of budget
/// before it proved the count: a fixed number of random schedules with few preemptions
/// (<see cref="SampledPreemptionStrategy"/>), k = 0, 1, ... up to the best's count in turn, each
/// drawn below the best's length; a schedule with k below the best's count is cut at twice the
/// best's length plus 32 steps, as the bounded search cuts, one with as many where it could no
/// longer be shorter. A schedule of the same bug that is better (fewer preemptions, or as many
/// and fewer steps) is kept, as the bounded search keeps one, so later draws aim lower. It reaches
/// the top of the bounded search's tree, which DFS within its budget does not (a kernel scenario
/// of seven threads: 20,000 schedules of 2 million steps without leaving bound 0). Seeded from the
/// trace: the same trace gives the same schedules and the same result.
/// </summary>
internal static class PreemptionSampling
{
    /// <summary>Schedules drawn (a schedule of a kernel scenario is about 100 steps: about 0.2 s).</summary>
    internal const int Schedules = 2_000;

    /// <summary>Draw <paramref name="schedules"/> schedules; true if <paramref name="search"/>'s best got better.</summary>
    public static bool Run(MinimizationSearch search, int schedules = Schedules)
    {
        var start = search.Best;
        var seed = Seeds.Mix(search.Original.Seed ^ 0x5A3B_1E5Eu);
        for (var i = 0; i < schedules && !search.OutOfTime; i++)
        {
            var length = search.Best.Steps.Count;
            var preemptions = i % (search.BestPreemptions + 1);
            var limits = search.Settings with
            {
                FairFrom = int.MaxValue,
                Lassos = false,
                MaxSteps = preemptions < search.BestPreemptions ? Math.Min(search.Settings.MaxSteps, (2 * length) + 32) : length - 1,
                Terminates = preemptions < search.BestPreemptions && search.Settings.Terminates,
            };
            var strategy = new SampledPreemptionStrategy(preemptions, length);
            strategy.StartIteration(i, Seeds.ForIteration(seed, i));
            if (search.RunCandidate(strategy, limits, out _) is not null && search.Improves(search.LastSteps))
            {
                var steps = search.LastSteps.ToArray();
                search.Accepts(search.Record(steps));
            }
        }

        return !ReferenceEquals(start, search.Best);
    }
}
