using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// 3.19's allocator retry after a round of direct reclaim: should_alloc_retry's
/// wait_iff_congested(preferred_zone, BLK_RW_ASYNC, HZ/50), a congestion_wait only while a queue
/// is write-congested and the zone is marked ZONE_CONGESTED, else a cond_resched
/// (<see cref="OomEras.AllocRetryWaitsOnlyIfCongested"/>). The machine's one zone holds 64 clean
/// pages at the LRU's tail, which the round frees without reaching the 10 pages under writeback
/// at its head (each its own file and write, so that the queue, congested at one write in flight,
/// stays congested however many writes the round's own naps see complete).
/// </summary>
public sealed class AllocRetryCongestedTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void On_3_19_the_retry_sleeps_only_on_a_zone_marked_congested(bool marked)
    {
        var runtime = new RecordingRuntime();
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = KernelEra.V3_19,
            Machine = new Mm.Throttle.Machine { CongestionThreshold = 1 },
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
        var retry = false;

        runtime.Inner.Run("allocator", async () => retry = await kernel.PageAlloc.AllocPagesDirectReclaim(clean.Mapping, new AllocRetries()));

        Assert.True(retry);
        Assert.True(kernel.BackingDev.WriteCongested); // at the retry as before it
        Assert.Equal(marked ? 1 : 0, runtime.Sleeps.Count(label => label.Function == "congestion_wait" && label.Arg == Time.Timers.Hz / 50));
        Assert.Equal(marked ? 0 : 1, runtime.Count("wait_iff_congested"));
        if (!marked)
        {
            // Nobody napped, no write completed: the round never met a page under writeback (its batch would have marked the zone).
            Assert.All(underWriteback, page => Assert.True(page.Writeback));
        }
    }
}
