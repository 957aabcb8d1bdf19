using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// 3.19's allocator retry after a round of direct reclaim: should_alloc_retry's
/// wait_iff_congested(preferred_zone, BLK_RW_ASYNC, HZ/50), a congestion_wait only while a queue
/// is write-congested and the zone is marked ZONE_CONGESTED, else a cond_resched
/// (<see cref="OomEras.AllocRetryWaitsOnlyIfCongested"/>). The machine's one zone holds 64 clean
/// pages at the LRU's tail, which the round frees without reaching the 10 pages under writeback
/// at its head (each its own file and write), on a queue of ten requests: full and congested at
/// ten writes in flight (on threshold 10), uncongested once fewer than nine are (off threshold 9).
/// A queue of one, as this test had before the queue bounded its submitters (branch queue22),
/// could not hold ten writes.
/// </summary>
public sealed class AllocRetryCongestedTests
{
    /// <summary>
    /// Unmarked, the round never naps and never meets a page under writeback, so the queue is
    /// still congested at the retry: the retry does not sleep, as a congested queue alone is not
    /// enough. Marked (kswapd's batch of one of the pages under writeback), the round's first
    /// batch naps HZ/10 until the queue drains below its off threshold (two of the 10 writes; the
    /// kernel's clear_bdi_congested wakes it then, not at the first completion), so the retry
    /// finds the queue no longer congested and does not sleep either.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void On_3_19_the_retry_after_a_round_sleeps_on_neither_a_congested_queue_alone_nor_a_drained_one(bool marked)
    {
        var (runtime, kernel, clean, underWriteback) = Machine(marked);
        var retry = false;

        runtime.Inner.Run("allocator", async () => retry = await kernel.PageAlloc.AllocPagesDirectReclaim(clean.Mapping, new AllocRetries(), Gfp.Kernel));

        Assert.True(retry);
        Assert.Equal(!marked, kernel.BackingDev.WriteCongested);
        Assert.Equal(marked ? 1 : 0, runtime.Sleeps.Count(label => label.Function == "congestion_wait" && label.Arg == Time.Timers.Hz / 10));
        Assert.Equal(0, runtime.Sleeps.Count(label => label.Function == "congestion_wait" && label.Arg == Time.Timers.Hz / 50));
        Assert.Equal(1, runtime.Count("wait_iff_congested"));
        // Marked, the nap ran completions (three by the round's end); unmarked, none.
        Assert.Equal(marked ? 3 : 0, underWriteback.Count(page => !page.Writeback));
    }

    /// <summary>
    /// The retry's own wait, on a zone kswapd marked while the queue is congested: a
    /// congestion_wait of HZ/50, ended by the queue draining; on the unmarked zone, none.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void On_3_19_the_retry_sleeps_only_on_a_zone_marked_congested(bool marked)
    {
        var (runtime, kernel, clean, _) = Machine(marked);
        Assert.True(kernel.BackingDev.WriteCongested);

        runtime.Inner.Run("allocator", async () => await kernel.PageAlloc.WaitBeforeRetry(kernel.PageAlloc.Zonelist(clean.Mapping)[0]));

        Assert.Equal(marked ? 1 : 0, runtime.Sleeps.Count(label => label.Function == "congestion_wait" && label.Arg == Time.Timers.Hz / 50));
        Assert.Equal(marked ? 0 : 1, runtime.Count("wait_iff_congested"));
        Assert.Equal(!marked, kernel.BackingDev.WriteCongested);
    }

    private static (RecordingRuntime Runtime, Kernel Kernel, Inode Clean, List<Page> UnderWriteback) Machine(bool marked)
    {
        var runtime = new RecordingRuntime();
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = KernelEra.V3_19,
            Machine = new Mm.Throttle.Machine { NrRequests = 10 },
        });
        var clean = kernel.CreateInode(64, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < 64; index++)
        {
            kernel.Filemap.AddCachedPage(clean.Mapping, index, dirty: false);
        }

        var underWriteback = new List<Page>();
        for (var file = 0; file < 10; file++)
        {
            var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
            underWriteback.Add(kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true));
            runtime.Inner.Run("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16)));
        }

        if (marked)
        {
            // kswapd's batch of a page under writeback on the congested queue marks the zone.
            Filemap.FolioGet(underWriteback[0]);
            runtime.Inner.Run("kswapd", async () => await kernel.Vmscan.ShrinkFolio(underWriteback[0], kswapd: true));
        }

        Assert.Empty(runtime.Sleeps);
        return (runtime, kernel, clean, underWriteback);
    }
}
