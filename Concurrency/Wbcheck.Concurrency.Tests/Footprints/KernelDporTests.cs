using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Runtime;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>DFS with DPOR on the kernel scenarios: the same classes as sleep sets alone, in fewer schedules, and sound on failing cells.</summary>
public sealed class KernelDporTests(ITestOutputHelper output)
{
    // Small forms without a bound (a bound's cuts make DPOR take every option above them).
    private static RaceScenario Small(string name, KernelEra era) =>
        ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = true, Pages = 2 });

    private static readonly TestingConfiguration Unbounded =
        RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 100, Iterations = 30_000, Dpor = DporMode.Off };

    [Theory]
    [InlineData("write-fault-vs-truncate", KernelEra.V6_9)]
    [InlineData("mmap-store-vs-writeback", KernelEra.V6_9)]
    [InlineData("bio-redirty", KernelEra.V6_9)]
    [InlineData("end-writeback-vs-truncate", KernelEra.V6_9)]
    [InlineData("partial-truncate-vs-writeback", KernelEra.V2_5)]
    public void Dpor_runs_every_class_sleep_sets_run_and_stops_fewer_schedules_early(string name, KernelEra era)
    {
        // Sleep sets run each class of schedules to its end at most once and exhaust all of them,
        // so the schedules that ran to their end are one per class; DPOR must run the same number
        // (one fewer would be a class missed), and skip most of the schedules sleep sets stop early.
        var sleepSets = TestingEngine.Run(Small(name, era), Unbounded);
        output.WriteLine($"sleep sets: {sleepSets.Summary()}");
        Assert.Equal(StopReason.SpaceExhausted, sleepSets.StopReason);
        var classes = sleepSets.Iterations - sleepSets.Search!.SleepBlocked;
        foreach (var mode in new[] { DporMode.Source, DporMode.FlanaganGodefroid, DporMode.Optimal })
        {
            var dpor = TestingEngine.Run(Small(name, era), Unbounded with { Dpor = mode });
            output.WriteLine($"{mode}: {dpor.Summary()}");

            Assert.Equal(StopReason.SpaceExhausted, dpor.StopReason);
            Assert.False(dpor.FoundBug);
            Assert.Equal(classes, dpor.Iterations - dpor.Search!.SleepBlocked);
            Assert.True(dpor.Iterations < sleepSets.Iterations, $"{dpor.Iterations} vs {sleepSets.Iterations}");
            Assert.True(dpor.Search.SleepBlocked * 10 <= sleepSets.Search.SleepBlocked, $"{dpor.Search.SleepBlocked} vs {sleepSets.Search.SleepBlocked} stopped early");
            if (mode == DporMode.Optimal)
            {
                // Wakeup trees: about one schedule per class (none stopped asleep on four of these
                // cells; on end-writeback-vs-truncate 6.9 1 of 263, where source sets stop 7).
                Assert.True(dpor.Search.SleepBlocked * 100 <= dpor.Iterations, $"{dpor.Search.SleepBlocked} of {dpor.Iterations} stopped early");
            }
        }
    }

    [Fact]
    public void Page_reads_left_unreported_make_dpor_miss_a_use_after_free()
    {
        // As KernelFootprintTests' test of sleep sets: end_page_writeback's wake-up reads the page
        // truncate may have freed (4.10 to 5.8). Unreported, the reads race with nothing, DPOR never
        // asks for the free to run first, and the search ends without the bug; reported, it is found.
        var program = ScenarioCatalog.Create(EndWritebackVsTruncate.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V4_13, Small = true });
        var configuration = program.Configuration with { Strategy = "dfs", PreemptionBound = 100, Iterations = 50_000, Dpor = DporMode.Source };
        var pageReads = ((0x7FUL << 57) | 1, (ulong)AccessIds.Kind.Page << 57);

        var honest = TestingEngine.Run(program, configuration);
        var forgetful = TestingEngine.Run(program, configuration with { UnreportedAccesses = pageReads });
        output.WriteLine($"honest: {honest.Summary()}\nforgetful: {forgetful.Summary()}");

        Assert.Equal(UseAfterFree.Name, Assert.Single(honest.Bugs).Bug.Source);
        Assert.Equal(StopReason.SpaceExhausted, forgetful.StopReason);
        Assert.False(forgetful.FoundBug, forgetful.Summary());
    }

    [Theory]
    // 4.20's small form no longer fails since branch lru2: its one reclaim takes the LRU's tail,
    // page 0, dirty, which from 4.11 kswapd only marks the first time; the full form does.
    [InlineData("background-vs-reclaim-truncate", KernelEra.V4_20, false)]
    [InlineData("bio-redirty-two-walkers", KernelEra.V2_5, true)]
    [InlineData("bio-redirty-no-io-pages", KernelEra.V2_5, true)]
    [InlineData("fsync-vs-dirtier", KernelEra.V2_6_20, true)]
    [InlineData("background-vs-reclaim-truncate", KernelEra.V5_0, false)]
    public void On_a_failing_cell_dpor_finds_the_expected_bug_sleep_sets_find(string name, KernelEra era, bool small)
    {
        // A sample of the campaign `wbcheck bench --only dpor` runs over every failing cell (the
        // matrix's bound 2, where the bound's cuts make DPOR fall back to every option above them).
        // 15,000 schedules: since the active list (branch lru4) the reclaimer's one-page batch wakes
        // the flushers on 4.20 and 5.0, and DFS explores that wake-up's writeback before the
        // preemption the bug needs: sleep sets find it at about 11,400, source DPOR at about 5,000.
        var expected = Expectations.For(name, era)!;
        var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = small });
        var configuration = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 15_000, Dpor = DporMode.Off };

        var sleepSets = TestingEngine.Run(scenario, configuration);
        var dpor = TestingEngine.Run(scenario, configuration with { Dpor = DporMode.Source });
        output.WriteLine($"sleep sets: {sleepSets.Summary()}\ndpor: {dpor.Summary()}");

        Assert.True(expected.Matches(Assert.Single(sleepSets.Bugs).Bug), sleepSets.Summary());
        Assert.True(expected.Matches(Assert.Single(dpor.Bugs).Bug), dpor.Summary());
        Assert.True(dpor.Iterations <= sleepSets.Iterations, $"{dpor.Iterations} vs {sleepSets.Iterations}");
    }
}
