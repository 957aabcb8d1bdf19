using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>
/// The minimizer's step shrinking: removes steps from the best trace's schedule, as a list of
/// threads run by <see cref="SequenceStrategy"/>, rather than departures from the default
/// schedule. First each thread's steps all at once (thread elision: a thread the bug does not
/// need), then Zeller's ddmin over the steps: each chunk alone, then each complement, the split
/// refined when neither helps. A candidate is kept only if it shows the same bug with fewer
/// preemptions, or as many and fewer steps, so the list shrinks or the count falls at every
/// step kept, and the search ends. After each one kept, the list is the kept run's own schedule
/// (the steps it passed over are gone, the default's are in). Deterministic: a fixed order.
/// </summary>
internal static class StepShrinking
{
    /// <summary>Shrink <paramref name="search"/>'s best trace within <paramref name="maxRuns"/> candidate runs; true if it got better.</summary>
    public static bool Run(MinimizationSearch search, int maxRuns)
    {
        var limit = search.Runs + maxRuns;
        var start = search.Best;
        var current = SequenceStrategy.ThreadsOf(search.Best.Steps);
        foreach (var thread in current.Distinct().Order().ToArray())
        {
            if (search.Runs >= limit || search.OutOfTime)
            {
                break;
            }

            if (Improves(search, [.. current.Where(id => id != thread)]))
            {
                current = SequenceStrategy.ThreadsOf(search.Best.Steps);
            }
        }

        var granularity = 2;
        while (current.Length >= 2 && search.Runs < limit && !search.OutOfTime)
        {
            var chunks = Split(current.Length, granularity);
            if (chunks.Any(chunk => Improves(search, current[chunk])))
            {
                current = SequenceStrategy.ThreadsOf(search.Best.Steps);
                granularity = 2;
                continue;
            }

            if (chunks.Count > 2 && chunks.Any(chunk => Improves(search, [.. current[..chunk.Start], .. current[chunk.End..]])))
            {
                current = SequenceStrategy.ThreadsOf(search.Best.Steps);
                granularity = Math.Max(granularity - 1, 2);
                continue;
            }

            if (granularity >= current.Length)
            {
                break;
            }

            granularity = Math.Min(granularity * 2, current.Length);
        }

        return !ReferenceEquals(start, search.Best);
    }

    private static bool Improves(MinimizationSearch search, int[] threads) =>
        search.Accepts(new SequenceStrategy(threads, search.Best.Steps), strictly: true);

    private static List<Range> Split(int count, int parts)
    {
        var chunks = new List<Range>(parts);
        var start = 0;
        for (var i = 0; i < parts; i++)
        {
            var end = count * (i + 1) / parts;
            chunks.Add(start..end);
            start = end;
        }

        return chunks;
    }
}
