using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// inode_switch_wbs against the page stat updates (4.13 to 6.9): a memcg's dirtier and a
/// writeback of a file attached to the root wb while a switch moves it to the memcg's wb. It
/// holds; stat updates that read i_wb outside the unlocked_inode_to_wb transaction are caught by
/// the wb counts with a minimized trace that replays.
/// </summary>
public sealed class CgwbSwitchVsDirtierTests
{
    private static RaceScenario Scenario(KernelEra era, Faults? faults = null, bool small = false) =>
        ScenarioCatalog.Create(CgwbSwitchVsDirtier.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None, Small = small });

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void No_schedule_of_up_to_two_preemptions_puts_a_page_stat_on_the_wrong_wb(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era, small: true), RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Theory]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    public void A_clear_for_io_outside_the_transaction_is_caught_decrementing_the_wb_the_switch_left(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { WbTransactionDropped = true }, small: true);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, WbAccounting.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.True(found.Bug.Message.Contains("the root wb: WB_RECLAIMABLE -1 and WB_WRITEBACK 0, but its inodes have 0 dirty page(s)", StringComparison.Ordinal), found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Preemptions <= 1, $"{minimized.Preemptions} preemptions");
        Assert.Contains(minimized.Steps, s => s.ThreadName.StartsWith("inode_switch_wbs", StringComparison.Ordinal));
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_switch_that_does_not_wait_for_the_grace_period_is_caught_moving_stats_under_a_reader_of_the_old_wb(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { WbSwitchSkipsGracePeriod = true }, small: true);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, WbAccounting.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.True(found.Bug.Message.Contains("the root wb: WB_RECLAIMABLE -1", StringComparison.Ordinal), found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Preemptions <= 1, $"{minimized.Preemptions} preemptions");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Fact]
    public void Before_4_13_the_scenario_is_refused_with_the_reason()
    {
        var refused = Assert.Throws<ArgumentException>(() => Scenario(KernelEra.V3_19));

        Assert.Contains("inode_switch_wbs", refused.Message);
    }
}
