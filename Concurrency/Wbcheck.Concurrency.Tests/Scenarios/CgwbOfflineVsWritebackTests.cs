using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A memcg taken offline while its file is written back and dirtied (6.9, the dying-wb cleanup of
/// c22d70a162d3): the cleanup switches the inode it finds clean to the root wb, and every page
/// stat lands on the wb the inode is on. It holds; a cleanup that compares each inode with the
/// dying wb instead of the new one is caught by the verdict's check, with a minimized trace that
/// replays; so is a writeback pass that takes no reference to the wb (the dying wb freed under
/// its inode).
/// </summary>
public sealed class CgwbOfflineVsWritebackTests
{
    private static RaceScenario Scenario(KernelEra era, Faults? faults = null, bool small = false) =>
        ScenarioCatalog.Create(CgwbOfflineVsWriteback.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None, Small = small });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void No_schedule_of_up_to_two_preemptions_loses_the_cleanups_switch_or_a_page_stat(bool small)
    {
        var report = TestingEngine.Run(Scenario(KernelEra.V6_9, small: small), RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Fact]
    public void A_cleanup_that_compares_each_inode_with_the_dying_wb_is_caught_leaving_the_clean_inode_there() =>
        AssertCaughtAndMinimized(new Faults { OfflineCleanupComparesOldWb = true }, CgwbOfflineVsWriteback.VerdictName, "found inode 1", "cleanup_offline_cgwbs");

    [Fact]
    public void A_writeback_pass_that_takes_no_wb_reference_is_caught_as_a_use_after_free_of_the_dying_wb() =>
        AssertCaughtAndMinimized(new Faults { WbcAttachSkipsWbGet = true }, WbUseAfterFree.Name, "i_wb still points to it", "cgwb_release job");

    /// <summary>
    /// DFS finds the fault's bug in the small form on 6.9 as <paramref name="source"/>'s report,
    /// minimized to no preemption with <paramref name="thread"/> in the trace, which replays from its file.
    /// </summary>
    private static void AssertCaughtAndMinimized(Faults faults, string source, string message, string thread)
    {
        var scenario = Scenario(KernelEra.V6_9, faults, small: true);

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, source), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains(message, found.Bug.Message, StringComparison.Ordinal);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Equal(0, minimized.Preemptions);
        Assert.Contains(minimized.Steps, s => s.ThreadName == thread);
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Theory]
    [InlineData(KernelEra.V3_19, "4.13")]
    [InlineData(KernelEra.V5_0, "c22d70a162d3")]
    public void Before_6_9_the_scenario_is_refused_with_the_reason(KernelEra era, string reason)
    {
        var refused = Assert.Throws<ArgumentException>(() => Scenario(era));

        Assert.Contains(reason, refused.Message);
    }
}
