using System.Globalization;
using System.Text.RegularExpressions;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The use-after-free in wb_writeback that 169ebd90131b "writeback: Avoid iput() from flusher
/// thread" (3.5) fixed on the way: "inode_wait_for_writeback() call could try to reacquire
/// i_lock on the inode that was already free" [V: the message as posted to linux-mm, 9 March
/// 2012] (docs/eras.md section 121). Before 3.5, a flusher pass that wrote nothing waited for
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
        AssertFlusherTouchesFreedInode(new FlusherWaitVsFinalIput(KernelEra.V2_6_36, Faults.None), "inode_wait_for_writeback");

    /// <summary>From 3.5 the wait takes no lock of the inode as it wakes: every schedule holds.</summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_3_5_every_schedule_leaves_the_flusher_s_wait_off_the_freed_inode(KernelEra era)
    {
        var report = TestingEngine.Run(new FlusherWaitVsFinalIput(era, Faults.None), Dfs);
        output.WriteLine(report.Summary());

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// The pdflush eras' loops slept in congestion_wait, not on an inode: every schedule holds
    /// (2.6.20; 2.6.29's search at this bound takes some forty seconds and is left out).
    /// </summary>
    [Fact]
    public void The_pdflush_loop_waits_on_no_inode()
    {
        var report = TestingEngine.Run(new FlusherWaitVsFinalIput(KernelEra.V2_6_20, Faults.None), Dfs);
        output.WriteLine(report.Summary());

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>The wait as it was before 169ebd90131b, on the fixed eras: caught again.</summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_wait_that_retakes_the_inode_s_lock_touches_the_freed_inode(KernelEra era) =>
        AssertFlusherTouchesFreedInode(new FlusherWaitVsFinalIput(era, new Faults { FlusherWaitRetakesInode = true }), "inode_sleep_on_writeback");

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

    /// <summary>
    /// An unlinked file (inode 1) with page 0 dirty and page 1 clean, held by an open file, and
    /// by a second one from the writer's first step.
    /// "fsync" writes it as a filesystem's -&gt;fsync did through sync_inode (WB_SYNC_ALL: I_SYNC
    /// held across the write and the wait on its I/O): in the era of the bug (2.6.32 to 3.4)
    /// simple_fsync (2.6.30 to 2.6.34) and generic_file_fsync (from 2.6.35), used by ext2 and by
    /// ext4 without a journal, called sync_inode with WB_SYNC_ALL and nr_to_write 0 [V: simple_fsync
    /// in a 2.6.3x tree; R: 2.6.35's generic_file_fsync], after the VFS's filemap_fdatawrite, which
    /// this pass does itself (ext3's and ext4's journalled fsync only started and waited for a
    /// commit then), then closes; "writer" writes page 1,
    /// dirtying the inode again while it is written (its walk can meet it then), then closes; the
    /// disk's flusher runs background writeout of one page (wb_writeback from 2.6.32). Whichever
    /// close is last evicts the file.
    /// </summary>
    private sealed class FlusherWaitVsFinalIput(KernelEra era, Faults faults) : RaceScenario(ScenarioOptions.Default with { Era = era, Small = true, Faults = faults })
    {
        public override string Name => "flusher-wait-vs-final-iput";

        public override string Description => "the flusher waits for I_SYNC on the tail of b_more_io while the inode's writer ends and its last close evicts it";

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
            var inode = kernel.CreateInode(2, fs);
            kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
            kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
            inode.Nlink = 0; // unlinked; the open files below hold it
            var writing = kernel.Open(inode);
            setup.Runtime.Spawn("flusher", async () => await kernel.Throttle.BackgroundWriteout(1));
            setup.Runtime.Spawn("fsync", async () =>
            {
                await kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.All });
                await kernel.Vfs.Iput(inode);
            });
            setup.Runtime.Spawn("writer", async () =>
            {
                // The second open file's reference (open(2) of the file, before its unlink, in the
                // kernel; here it may come after fsync's close, which then evicted the file).
                if (!kernel.Vfs.Igrab(inode))
                {
                    return;
                }

                await kernel.Filemap.GenericFileWriteIter(writing, 1);
                await kernel.Vfs.Iput(inode);
            });
        }
    }
}
