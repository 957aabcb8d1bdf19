using System.Globalization;
using System.Text.RegularExpressions;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The flusher's pass over an unlinked file races the file's last close (docs/eras.md section
/// 116). From 3.5 (the model's 3.19) the flusher holds no inode reference: I_SYNC pins the inode
/// and evict() waits for it before -&gt;evict_inode (7994e6f72543), and the walk skips an inode
/// already I_FREEING. Before, the walk held __iget across the pass, so the last iput was the
/// flusher's own when it came last. Every schedule holds in both; with evict() not waiting
/// (<see cref="Faults.EvictSkipsInodeWritebackWait"/>) the flusher touches the freed inode as its
/// pass ends, reported as a use-after-free naming the step that freed it, minimized and replayed.
/// </summary>
public sealed class FlusherVsFinalIputTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

    private static RaceScenario Scenario(KernelEra era, Faults faults, bool small = true) =>
        ScenarioCatalog.Create(FlusherVsFinalIput.ScenarioName, ScenarioOptions.Default with { Era = era, Small = small, Faults = faults });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Every_schedule_leaves_the_flusher_a_live_inode(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era, Faults.None, small: false), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>Before 3.5 the flusher's reference keeps the inode, and evict() has no wait to skip: the fault changes nothing.</summary>
    [Fact]
    public void Before_3_5_the_flusher_s_reference_keeps_the_inode_without_the_wait()
    {
        var report = TestingEngine.Run(Scenario(KernelEra.V2_6_36, new Faults { EvictSkipsInodeWritebackWait = true }), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void An_evict_that_skips_the_I_SYNC_wait_frees_the_inode_under_the_flusher(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { EvictSkipsInodeWritebackWait = true });

        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var trace = TestingEngine.Minimize(scenario, report.Bugs[0]).Trace;
        Assert.True((BugKind.SafetyMonitor, UseAfterFree.Name) == (trace.Bug.Kind, trace.Bug.Source), trace.Bug.Message);
        var named = Regex.Match(trace.Bug.Message, @"use-after-free: __writeback_single_inode touched inode 1 after T\d+\(close\) in destroy_inode \(step (\d+)\) freed it$");
        Assert.True(named.Success, trace.Bug.Message);
        var step = int.Parse(named.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal("close", trace.Steps[step].ThreadName);
        Assert.True(step < trace.Bug.Step, $"freed in step {step}, touched in step {trace.Bug.Step}");
        Assert.Equal("pdflush flusher", trace.Steps[trace.Bug.Step].ThreadName);
        TraceFiles.AssertReplaysFromFile(scenario, trace);
    }

    /// <summary>
    /// Before 3.5 the walk's __iget came with BUG_ON(I_FREEING) (fixc27's review of docs/eras.md
    /// section 116). The walk's I_FREEING skip keeps it from firing; a walk without the skip
    /// takes the inode the last close is freeing, and the BUG_ON fires in the flusher's step.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_5_a_walk_that_takes_an_I_FREEING_inode_hits_the_BUG_ON_of_its_iget(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { WalkTakesFreeingInode = true });

        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var trace = TestingEngine.Minimize(scenario, report.Bugs[0]).Trace;
        Assert.True(trace.Bug.Kind == BugKind.ModelAssertion, trace.Bug.Message);
        Assert.Contains("is I_FREEING: no reference may be taken", trace.Bug.Message, StringComparison.Ordinal);
        Assert.Equal("pdflush flusher", trace.Steps[trace.Bug.Step].ThreadName);
        TraceFiles.AssertReplaysFromFile(scenario, trace);
    }
}
