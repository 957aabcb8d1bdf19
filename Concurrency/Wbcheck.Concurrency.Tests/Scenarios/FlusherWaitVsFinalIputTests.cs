using System.Globalization;
using System.Text.RegularExpressions;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The use-after-free in wb_writeback that 169ebd90131b "writeback: Avoid iput() from flusher
/// thread" (3.5) fixed on the way: "inode_wait_for_writeback() call could try to reacquire
/// i_lock on the inode that was already free" [V: the message as posted to linux-mm, 9 March
/// 2012] (docs/eras.md sections 121 and 127; the scenario is the era table's flusher-wait-vs-final-iput row since section 127). Before 3.5, a flusher pass that wrote nothing waited for
/// I_SYNC on the inode at the tail of b_more_io holding no inode reference (its walk's __iget
/// went with the pass); another writer of that inode clears I_SYNC and wakes it, and if the
/// inode's last close evicts it before the flusher runs, the flusher takes i_lock (2.6.36: reads
/// i_state under inode_lock) of a freed inode. From 3.5 the wait returns without touching the
/// inode (inode_sleep_on_writeback from 3.10 [R]); <see cref="Faults.FlusherWaitRetakesInode"/>
/// brings the old wait back.
/// </summary>
public sealed class FlusherWaitVsFinalIputTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

    /// <summary>2.6.36, the era's own wait: the flusher re-reads the freed inode's i_state as it wakes.</summary>
    [Fact]
    public void Before_3_5_the_flusher_s_wait_on_b_more_io_touches_the_inode_the_last_close_freed() =>
        AssertFlusherTouchesFreedInode(Scenario(KernelEra.V2_6_36, Faults.None), "inode_wait_for_writeback");

    /// <summary>From 3.5 the wait takes no lock of the inode as it wakes: every schedule holds.</summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_3_5_every_schedule_leaves_the_flusher_s_wait_off_the_freed_inode(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era, Faults.None), Dfs);
        output.WriteLine(report.Summary());

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// The pdflush eras' loops slept in congestion_wait, not on an inode, and had no per-disk
    /// flusher: the scenario does not apply there, and the catalog says why (docs/eras.md
    /// section 127; before it became a row, 2.6.20's search held at this bound).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void The_pdflush_eras_have_no_flusher_wait_on_an_inode(KernelEra era)
    {
        var refused = Assert.Throws<ArgumentException>(() => ScenarioCatalog.Create(FlusherWaitVsFinalIput.ScenarioName, ScenarioOptions.Default with { Era = era }));
        Assert.Contains("no per-disk flusher before 03ba3782e8dc", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The wait as it was before 169ebd90131b, on the fixed eras: caught again.</summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_wait_that_retakes_the_inode_s_lock_touches_the_freed_inode(KernelEra era) =>
        AssertFlusherTouchesFreedInode(Scenario(era, new Faults { FlusherWaitRetakesInode = true }), "inode_sleep_on_writeback");

    private static FlusherWaitVsFinalIput Scenario(KernelEra era, Faults faults) =>
        new(ScenarioOptions.Default with { Era = era, Small = true, Faults = faults });

    /// <summary>
    /// The search finds the use-after-free; minimized, the report names the flusher's wait as
    /// the toucher and a closing thread's destroy_inode as the free, the free's step comes before
    /// the touch and is the closer's, the touch is in the flusher's step that resumes from the
    /// wait, and the trace replays from file.
    /// </summary>
    private void AssertFlusherTouchesFreedInode(FlusherWaitVsFinalIput scenario, string wait)
    {
        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var trace = TestingEngine.Minimize(scenario, report.Bugs[0]).Trace;
        output.WriteLine(report.Summary());
        output.WriteLine(TimelineRenderer.Render(trace, scenario));
        Assert.True((BugKind.SafetyMonitor, UseAfterFree.Name) == (trace.Bug.Kind, trace.Bug.Source), trace.Bug.Message);
        var named = Regex.Match(trace.Bug.Message, $@"use-after-free: {wait} touched inode 1 after T\d+\((fsync|writer)\) in destroy_inode \(step (\d+)\) freed it$");
        Assert.True(named.Success, trace.Bug.Message);
        var step = int.Parse(named.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Equal(named.Groups[1].Value, trace.Steps[step].ThreadName);
        Assert.True(step < trace.Bug.Step, $"freed in step {step}, touched in step {trace.Bug.Step}");
        Assert.Equal("flusher", trace.Steps[trace.Bug.Step].ThreadName);
        Assert.StartsWith(wait, trace.Steps[trace.Bug.Step].Label.ToString(), StringComparison.Ordinal);
        TraceFiles.AssertReplaysFromFile(scenario, trace);
    }
}
