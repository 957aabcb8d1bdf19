using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// A cgwb's flusher runs the root flusher's loop on its wb (wb_workfn, wb_do_writeback,
/// wb_check_background_flush, wb_writeback; cgroup writeback, 4.2): walks while
/// wb_over_bg_thresh(wb), each with the loop's wb_writeback_work (3.1: every inode its own
/// chunk), and the loop's end seen by <see cref="FlusherLoopMonitor"/>. 100 pages of memory
/// (background threshold 10), passes of 4 pages; memcg job has a 50-page ceiling.
/// </summary>
public sealed class CgwbFlusherLoopTests
{
    public static TheoryData<KernelEra> CgwbEras => [KernelEra.V4_13, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void One_wakeup_of_a_memcgs_flusher_writes_chunk_after_chunk_until_the_wb_is_under_its_thresholds(KernelEra era)
    {
        var (world, memcg, files) = FilesOfJob(era, Faults.None, 20);
        var wb = memcg.Wb!;
        var passes = new PassRecorder(files);
        world.Kernel.Observers.Add(passes);

        world.Throttle.WbStartBackgroundWriteback(wb);
        world.RunAllPending();

        // More than one chunk of 4, in passes of the one flusher thread, down to under the wb's thresholds.
        Assert.True(passes.Dirty.Count >= 2, $"{passes.Dirty.Count} pass(es)");
        Assert.True(world.PagesSubmitted > 4, $"{world.PagesSubmitted} page(s) written");
        Assert.False(world.Throttle.WbOverBgThresh(wb));
        Assert.Equal(new long[] { 20 }, passes.Dirty[0]);
        Assert.Equal(1, passes.Ended);
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_walk_of_a_memcgs_flusher_gives_each_of_the_wbs_inodes_a_chunk_of_its_own(KernelEra era)
    {
        // 3.1's wb_writeback_work (nr_pages LONG_MAX) with writeback_chunk_size per inode: the
        // first walk writes a chunk of each file, as the root's flusher does; one nr_to_write
        // shared over the walk (the 2.6.36 loop) would write a chunk of the first file alone.
        var (world, memcg, files) = FilesOfJob(era, Faults.None, 12, 12);
        var passes = new PassRecorder(files);
        world.Kernel.Observers.Add(passes);
        var chunk = world.Kernel.FsWriteback.WritebackChunkSize(new WritebackControl { SyncMode = WritebackSyncMode.None }, new WbWritebackWork { NrPages = WritebackControl.LongMax }, memcg.Wb);
        Assert.InRange(chunk, 1L, 11L);

        world.Throttle.WbStartBackgroundWriteback(memcg.Wb);
        world.RunAllPending();

        Assert.True(passes.Dirty.Count >= 2, $"{passes.Dirty.Count} pass(es)");
        Assert.Equal(new[] { 12 - chunk, 12 - chunk }, passes.Dirty[1]);
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_memcgs_flusher_comes_back_to_an_inode_another_thread_was_writing(KernelEra era)
    {
        var (world, memcg, files) = FilesOfJob(era, Faults.None, 30);
        world.Kernel.Observers.Add(new FlusherLoopMonitor(world.Kernel));

        world.Throttle.WbStartBackgroundWriteback(memcg.Wb);
        HeldByAnotherWriter(world, files[0]);
        world.RunAllPending();

        Assert.False(world.Throttle.WbOverBgThresh(memcg.Wb!));
        Assert.True(world.PagesSubmitted > 0);
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_memcgs_flusher_that_does_not_requeue_a_skipped_inode_is_caught_when_its_loop_ends(KernelEra era)
    {
        var (world, memcg, files) = FilesOfJob(era, Faults.None with { NoRequeueIo = true }, 30);
        world.Kernel.Observers.Add(new FlusherLoopMonitor(world.Kernel));

        world.Throttle.WbStartBackgroundWriteback(memcg.Wb);
        HeldByAnotherWriter(world, files[0]);
        var violation = Assert.Throws<InvariantViolationException>(world.RunAllPending);

        Assert.Equal(FlusherLoopMonitor.Name, violation.Invariant);
        Assert.Contains($"the flusher of the wb of memcg job ended over its background threshold (30 dirty page(s) on the wb) while {files[0]}, dirty since jiffy 0", violation.Message);
        Assert.Contains("should have gone to the wb's b_more_io", violation.Message);
        Assert.Equal(0, world.PagesSubmitted);
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_memcgs_walk_takes_its_chunk_from_its_own_wbs_bandwidth(KernelEra era)
    {
        // writeback_chunk_size(wb, work): min(wb->avg_write_bandwidth / 2, the global domain's
        // dirty_limit / DIRTY_SCOPE), then + MIN_WRITEBACK_PAGES rounded down to it. A cgwb whose
        // estimate fell to 0 gets MIN_WRITEBACK_PAGES (4 here) whatever the root's is: with a
        // global dirty_limit of 400, the root's (at INIT_BW) is 400 / 8 + 4 rounded down to 4, 52.
        var (world, memcg, _) = FilesOfJob(era, Faults.None, 12);
        world.Throttle.Bdi.GlobalDirtyLimit = 400;
        var background = new WritebackControl { SyncMode = WritebackSyncMode.None };
        var work = new WbWritebackWork { NrPages = WritebackControl.LongMax };
        var rootChunk = world.Kernel.FsWriteback.WritebackChunkSize(background, work, wb: null);
        Assert.Equal(52, rootChunk);

        memcg.Wb!.Bandwidth.AvgWriteBandwidth = 0;

        Assert.Equal(4, world.Kernel.FsWriteback.WritebackChunkSize(background, work, memcg.Wb));
        Assert.Equal(rootChunk, world.Kernel.FsWriteback.WritebackChunkSize(background, work, wb: null));
    }

    /// <summary>Files of memcg job with these numbers of dirty pages, attached to job's wb.</summary>
    private static (ThrottleWorld World, MemCgroup Memcg, Inode[] Files) FilesOfJob(KernelEra era, Faults faults, params int[] dirty)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, faults: faults, config: KernelConfig.Default with { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        var memcg = new MemCgroup("job", 50);
        var files = dirty.Select(pages => world.AddFile(pages, memcg: memcg)).ToArray();

        Assert.NotNull(memcg.Wb);
        return (world, memcg, files);
    }

    /// <summary>Mark <paramref name="inode"/> as being written back by another thread, which lets go when it runs.</summary>
    private static void HeldByAnotherWriter(ThrottleWorld world, Inode inode)
    {
        inode.State |= InodeState.Lock;
        world.Kernel.Runtime.Spawn("fsync", () =>
        {
            inode.State &= ~InodeState.Lock;
            world.Kernel.Runtime.WakeAll(inode.StateQueue);
            return Task.CompletedTask;
        });
    }

    /// <summary>The dirty pages of each file at the start of each pass of a cgwb's flusher, and its loops ended.</summary>
    private sealed class PassRecorder(Inode[] files) : IKernelObserver
    {
        public List<long[]> Dirty { get; } = [];

        public int Ended { get; private set; }

        public void WbFlusherPass(CgroupWb wb) => Dirty.Add([.. files.Select(file => DirtyPages(file))]);

        public void WbFlusherEnded(CgroupWb wb, long loopStart) => Ended++;

        private static long DirtyPages(Inode inode)
        {
            var count = 0L;
            var tree = inode.Mapping.Pages;
            for (var index = tree.FindNext(0, long.MaxValue, XaMark.Dirty); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.Dirty))
            {
                count++;
            }

            return count;
        }
    }
}
