using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// Foreign inode detection deciding the switch (4.13 to 6.9): two rounds of writeback of a file
/// attached to the root wb and written by memcg job alone vote it to job's wb, and the switch
/// moves its stats while its I/O completes. It holds; a vote that forgets the inode's history
/// is caught by the verdict's check, with a minimized trace that replays.
/// </summary>
public sealed class CgwbForeignVoteTests
{
    private static RaceScenario Scenario(KernelEra era, Faults? faults = null, bool small = false) =>
        ScenarioCatalog.Create(CgwbForeignVote.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None, Small = small });

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void No_schedule_of_up_to_two_preemptions_loses_the_verdict_or_a_page_stat(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era, small: true), RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_vote_that_forgets_the_history_is_caught_leaving_the_inode_on_the_root_wb(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { WbVoteIgnoresHistory = true }, small: true);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, CgwbForeignVote.VerdictName), (found.Bug.Kind, found.Bug.Source));

        // The history holds the second round's 5 slots alone: 0x001f.
        Assert.True(found.Bug.Message.Contains("2 rounds of writeback wrote only job's pages", StringComparison.Ordinal) && found.Bug.Message.Contains("i_wb_frn_history 001f", StringComparison.Ordinal), found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Equal(0, minimized.Preemptions);
        Assert.DoesNotContain(minimized.Steps, s => s.ThreadName.StartsWith("inode_switch_wbs", StringComparison.Ordinal));
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Fact]
    public void A_clear_for_io_outside_the_transaction_is_caught_when_the_last_round_races_the_switch_the_vote_queued()
    {
        // Only the full form has a round after the vote: the switch is queued at the end of the
        // second round, and the third cleans job's redirtied page while it is in flight.
        var scenario = Scenario(KernelEra.V6_9, new Faults { WbTransactionDropped = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, WbAccounting.Name), (found.Bug.Kind, found.Bug.Source));
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Contains(minimized.Steps, s => s.ThreadName.StartsWith("inode_switch_wbs", StringComparison.Ordinal));
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Fact]
    public void Before_4_13_the_scenario_is_refused_with_the_reason()
    {
        var refused = Assert.Throws<ArgumentException>(() => Scenario(KernelEra.V3_19));

        Assert.Contains("foreign inode detection", refused.Message);
    }
}
