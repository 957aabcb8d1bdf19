using Wbcheck.Concurrency.Tests.Footprints;
using Wbcheck.Concurrency.Tests.Scenarios;
using Wbcheck.Concurrency.Tests.Throttle;
using Wbcheck.TestOrdering;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Wbcheck.Concurrency.Tests.LongestFirstOrderer", "Wbcheck.Concurrency.Tests")]

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// Starts the longest test classes first (each class is its own collection, and a class's tests
/// run one after another; two classes run at a time), so the short ones fill in beside them at
/// the end instead of one long class running alone after the rest: xunit's own order started
/// <see cref="ShiftedLassoTests"/>, the longest, two thirds of the way through the run
/// (BENCHMARKS.md, "The test run's time, third round"). The others keep xunit's order. Every
/// collection given is returned once (<see cref="LongestFirstOrder"/>).
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
        LongestFirstOrder.Order(testCollections, Longest);
}
