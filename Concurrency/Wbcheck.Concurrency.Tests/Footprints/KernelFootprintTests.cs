using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Runtime;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>The kernel model's footprints (Model/Runtime/AccessLog): sound, and what a missed access costs.</summary>
public sealed class KernelFootprintTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios() => [.. ScenarioCatalog.Names];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Steps_declared_independent_commute_in_every_era(string name)
    {
        var pairs = 0;
        var problems = new List<string>();
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            if (!ScenarioCatalog.AppliesTo(name, era))
            {
                continue;
            }

            foreach (var small in new[] { true, false })
            {
                var options = ScenarioOptions.Default with { Era = era, Small = small };
                var (checkedPairs, found) = SwapCheck.Run(() => ScenarioCatalog.Create(name, options), 3, 4, 400, (ulong)era * 7919);
                pairs += checkedPairs;
                problems.AddRange(found.Select(p => $"{era.Info().Version}{(small ? " small" : "")} {p}"));
            }
        }

        output.WriteLine($"{name}: {pairs} pairs checked");
        Assert.True(pairs > 0, $"{name}: no pair of independent steps was compared (every swap ended the run)");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    /// <summary>
    /// Scenarios with a step that chooses: an I/O's result. direct-reclaim-writer-vs-fsync left
    /// the list with branch kswapd7 (its kswapd runs the era's loop, which scans the node's pages
    /// in order and chooses nothing), background-vs-reclaim-truncate and evict-vs-reclaim with
    /// branch lru2 (ReclaimOne takes the LRU's tail; it chose its victim before).
    /// </summary>
    public static TheoryData<string> ChoosingScenarios() =>
    [
        IoErrorThenFsync.ScenarioName,
    ];

    [Theory]
    [MemberData(nameof(ChoosingScenarios))]
    public void Steps_that_choose_commute_with_the_steps_their_value_leaves_alone(string name)
    {
        // A step that makes a choice has the footprint of the value it chose (ChoiceFootprint):
        // reclaim's victim, an I/O's result. Swapped with a step independent of it, it must make
        // the same choice among the same options and reach the same state.
        var pairs = 0;
        var choicePairs = 0;
        var problems = new List<string>();
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            if (!ScenarioCatalog.AppliesTo(name, era))
            {
                continue;
            }

            foreach (var small in new[] { true, false })
            {
                var options = ScenarioOptions.Default with { Era = era, Small = small };
                var (checkedPairs, found) = SwapCheck.Run(() => ScenarioCatalog.Create(name, options), 6, 24, 400, (ulong)era * 104729, out var withChoice);
                pairs += checkedPairs;
                choicePairs += withChoice;
                problems.AddRange(found.Select(p => $"{era.Info().Version}{(small ? " small" : "")} {p}"));
            }
        }

        output.WriteLine($"{name}: {pairs} pairs checked, {choicePairs} with a step that chose");
        Assert.True(choicePairs > 0, $"{name}: no pair with a step that chose was compared");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Fact]
    public void Kernel_scenarios_are_reduced_and_still_exhausted()
    {
        // Unbounded (the bound keeps threads whose subtree it cut awake): the reduction at full
        // strength. 1,568 schedules without it, 29 with it (BENCHMARKS.md).
        var small = ScenarioCatalog.Create(WriteFaultVsTruncate.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V6_9, Small = true, Pages = 2 });
        var configuration = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 100, Iterations = 100_000, Dpor = DporMode.Off };

        var plain = TestingEngine.Run(small, configuration with { Reduction = false });
        var reduced = TestingEngine.Run(small, configuration);

        Assert.Equal(StopReason.SpaceExhausted, plain.StopReason);
        Assert.Equal(StopReason.SpaceExhausted, reduced.StopReason);
        Assert.False(plain.FoundBug || reduced.FoundBug, reduced.Summary());
        Assert.True(reduced.Search!.SleepBlocked > 0, reduced.Summary());
        Assert.True(reduced.Iterations * 10 < plain.Iterations, $"{reduced.Iterations} vs {plain.Iterations}");
    }

    [Fact]
    public void Page_reads_left_unreported_make_the_reduction_miss_a_use_after_free()
    {
        // end_page_writeback's wake-up touches the page after truncate may have freed it (4.10 to
        // 5.8): the touch reads the page's flags and its freed state. Unreported, those reads look
        // independent of truncate's writes, the reduction never runs the free before the touch,
        // and a search that ends finds nothing. Reported, the use-after-free is found; unreduced,
        // it is found too.
        var program = ScenarioCatalog.Create(EndWritebackVsTruncate.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V4_13, Small = true });
        var configuration = program.Configuration with { Strategy = "dfs", PreemptionBound = 100, Iterations = 50_000, Dpor = DporMode.Off };
        var pageReads = ((0x7FUL << 57) | 1, (ulong)AccessIds.Kind.Page << 57);

        var honest = TestingEngine.Run(program, configuration);
        var forgetful = TestingEngine.Run(program, configuration with { UnreportedAccesses = pageReads });
        var unreduced = TestingEngine.Run(program, configuration with { UnreportedAccesses = pageReads, Reduction = false });

        Assert.Equal(UseAfterFree.Name, Assert.Single(honest.Bugs).Bug.Source);
        Assert.Equal(StopReason.SpaceExhausted, forgetful.StopReason);
        Assert.False(forgetful.FoundBug, forgetful.Summary());
        Assert.Equal(UseAfterFree.Name, Assert.Single(unreduced.Bugs).Bug.Source);
    }
}
