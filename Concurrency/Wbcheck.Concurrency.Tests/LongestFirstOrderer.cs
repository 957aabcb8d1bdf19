using Wbcheck.Concurrency.Tests.Footprints;
using Wbcheck.Concurrency.Tests.Scenarios;
using Wbcheck.Concurrency.Tests.Throttle;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Wbcheck.Concurrency.Tests.LongestFirstOrderer", "Wbcheck.Concurrency.Tests")]

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// Starts the longest test classes first (each class is its own collection, and a class's tests
/// run one after another; two classes run at a time), so the short ones fill in beside them at
/// the end instead of one long class running alone after the rest: xunit's own order started
/// <see cref="ShiftedLassoTests"/>, the longest, two thirds of the way through the run
/// (BENCHMARKS.md, "The test run's time, third round"). The others keep xunit's order. Every
/// collection given is returned once: the order changes, never the set.
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    /// <summary>The longest classes, longest first (their tests' wall seconds, summed, in a Debug run).</summary>
    private static readonly string[] Longest =
    [
        typeof(ShiftedLassoTests).FullName!,
        typeof(DirtyThrottleScenarioTests).FullName!,
        typeof(EraTableTests).FullName!,
        typeof(PrefixReplayTests).FullName!,
        typeof(ShrunkLassoTests).FullName!,
        typeof(DtcLoopScenarioTests).FullName!,
        typeof(LassoGiveUpTests).FullName!,
        typeof(ShiftedLassoRefusalTests).FullName!,
        typeof(KernelStatefulDporTests).FullName!,
        typeof(KernelBoundedDporTests).FullName!,
        typeof(BoundedSleepTests).FullName!,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.Select((collection, index) => (collection, index))
            .OrderBy(c => Rank(c.collection))
            .ThenBy(c => c.index)
            .Select(c => c.collection);

    private static int Rank(ITestCollection collection)
    {
        // A class's own collection is named "Test collection for <its full name>".
        var rank = Array.FindIndex(Longest, name => collection.DisplayName.EndsWith(" " + name, StringComparison.Ordinal));
        return rank < 0 ? Longest.Length : rank;
    }
}
