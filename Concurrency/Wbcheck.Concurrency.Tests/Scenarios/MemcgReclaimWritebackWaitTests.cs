using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Memcg;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// memcg-reclaim-writeback-wait: the flush whose -&gt;writepages charges a metadata page with
/// GFP_NOFS while its own page is under writeback in an unsubmitted bio deadlocks on 3.19 (3.6's
/// __GFP_IO gate lets its memcg reclaim wait), in the small form alone, with a trace that replays;
/// no schedule of the full form deadlocks on 2.6.36 (no wait before 3.6); and on 6.9 with the
/// gate dropped the deadlock is caught again. That no schedule of the full form deadlocks on 6.9
/// (4.2's may_enter_fs gate, ecf5fc6e9654) is the matrix's proof of that cell, the same search
/// (stateful DFS, bound 2, to the end, on the full form: <see cref="ProofForms"/>), some 30 s of
/// CPU in Release and minutes in a Debug test run: <c>wbcheck matrix --era 6.9 --check
/// memcg-reclaim-writeback-wait</c>; its small form there is proven by the era-table tests.
/// </summary>
public sealed class MemcgReclaimWritebackWaitTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        PreemptionBound = 2,
        Iterations = 100_000,
        Stateful = true,
    };

    private static RaceScenario Scenario(KernelEra era, bool small, Faults? faults = null) =>
        ScenarioCatalog.Create(MemcgReclaimWritebackWait.ScenarioName, ScenarioOptions.Default with { Era = era, Small = small, Faults = faults ?? Faults.None });

    private static void AssertDeadlockCaughtAndMinimized(RaceScenario scenario)
    {
        var report = TestingEngine.Run(scenario, Dfs with { Stateful = false });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal(BugKind.Deadlock, found.Bug.Kind);
        Assert.Contains("rsync", found.Bug.Message, StringComparison.Ordinal);
        var minimized = TestingEngine.Minimize(scenario, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }

    [Fact]
    public void The_flush_waits_for_its_own_unsubmitted_writeback_on_3_19()
    {
        AssertDeadlockCaughtAndMinimized(Scenario(KernelEra.V3_19, small: true));
    }

    [Fact]
    public void No_schedule_of_the_full_form_deadlocks_on_2_6_36_where_memcg_reclaim_does_not_wait()
    {
        var report = TestingEngine.Run(Scenario(KernelEra.V2_6_36, small: false), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Fact]
    public void Dropping_the_gfp_gates_brings_the_deadlock_back_on_6_9()
    {
        AssertDeadlockCaughtAndMinimized(Scenario(KernelEra.V6_9, small: true, new Faults { MemcgReclaimWaitIgnoresGfp = true }));
    }

    [Fact]
    public void The_scenario_does_not_apply_before_the_memory_controller()
    {
        var refused = Assert.Throws<ArgumentException>(() => Scenario(KernelEra.V2_6_20, small: true));

        Assert.Contains("2.6.25", refused.Message, StringComparison.Ordinal);
    }
}
