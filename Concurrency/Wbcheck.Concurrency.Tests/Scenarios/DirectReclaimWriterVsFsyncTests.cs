using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Zones;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A writer below the min watermarks of a two-node machine reclaims directly against fsync of the
/// same file: no schedule of the small form breaks an invariant on 3.19 (direct reclaim leaves
/// the dirty pages to the flusher) or 2.6.20 (it writes them itself, racing fsync's walk); an
/// allocation that sleeps in reclaim under the tree lock is caught with a short trace that replays.
/// </summary>
public sealed class DirectReclaimWriterVsFsyncTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        PreemptionBound = 2,
        Iterations = 100_000,
        Stateful = true,
    };

    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(DirectReclaimWriterVsFsync.ScenarioName, ScenarioOptions.Default with { Era = era, Small = true, Faults = faults ?? Faults.None });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    public void No_schedule_of_the_small_form_breaks_an_invariant(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Fact]
    public void Direct_reclaim_under_the_tree_lock_is_caught_and_replays()
    {
        var scenario = Scenario(KernelEra.V6_9, new Faults { DirectReclaimUnderTreeLock = true });

        var report = TestingEngine.Run(scenario, Dfs with { Stateful = false });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SleepingWhileAtomic, "tree_lock of inode 1"), (found.Bug.Kind, found.Bug.Source));
        var minimized = TestingEngine.Minimize(scenario, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }

    /// <summary>
    /// The era table's 4.13 and 4.17 cells (a use-after-free needing one preemption): the bounded
    /// search stops at its budget inside bound 0's tree (seven threads hand over at every sleep),
    /// so only the reduced, stateful proof (PreemptionProof) shows that no schedule without a
    /// preemption has the bug; without it the count is printed as not proved. On 4.13 (model 18)
    /// the bounded search and delta debugging leave 2 preemptions, and the proof's tree below
    /// them holds the 1-preemption schedule: the proof must run again below the count it found.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_17)]
    public void The_one_preemption_is_proved_the_fewest_by_the_reduced_search(KernelEra era)
    {
        var cell = CellCheck.Run(DirectReclaimWriterVsFsync.ScenarioName, era);
        Assert.NotNull(cell.Bug);

        var minimized = TestingEngine.Minimize(cell.Program!, cell.Bug);

        Assert.Equal(1, minimized.Trace.Preemptions);
        Assert.True(minimized.FewestPreemptionsProved, minimized.PreemptionSummary);
        Assert.Contains("the bounded search stopped at its budget, stateful DFS with sleep sets and DPOR finished", minimized.PreemptionSummary);
    }
}
