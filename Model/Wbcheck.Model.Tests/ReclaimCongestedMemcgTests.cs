using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A cgroup v2 memcg's own congested mark (<see cref="CongestedEras.MemcgReclaimMarksItsOwnCongestion"/>):
/// from 4.18 its reclaim marks the memcg (set_memcg_congestion, LRUVEC_CGROUP_CONGESTED in 6.9),
/// not the node, naps on that mark, and clears it at the end of its do_try_to_free_pages. The
/// queue turns congested at one write in flight (NrRequests 1); a sleep runs the pending
/// completions, oldest first, until one wakes it.
/// </summary>
public sealed class ReclaimCongestedMemcgTests
{
    /// <summary>
    /// 4.20: the memcg's reclaim, whose one batch is its page under writeback on the
    /// congested queue, marks the memcg and naps in wait_iff_congested's congestion_wait (the
    /// write's completion ends it). The node stays unmarked, so global direct reclaim of another
    /// file's page under writeback, with the queue congested again, does not nap (its own batch
    /// marks nothing from 4.18, and only kswapd's marks the node). 5.0's code is the same, but its
    /// blk-mq queue is never congested, so nothing naps there (ReclaimCongestedTests).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_20)]
    public void A_memcgs_own_mark_makes_its_reclaim_nap_and_leaves_the_node_unmarked(KernelEra era)
    {
        foreach (var (faults, memcgNaps) in new[] { (Faults.None, true), (new Faults { ReclaimDoesNotMarkCongested = true }, false) })
        {
            var (runtime, kernel, memcg) = MemcgWithPageUnderWriteback(era, faults);

            runtime.Inner.Run("memcg", async () => await kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel));

            Assert.Equal(memcgNaps, runtime.Sleeps.Any(label => label.Function == "congestion_wait"));
            var other = PagesUnderWriteback(runtime, kernel, 1)[0];
            Assert.True(kernel.BackingDev.WriteCongested);
            var sleeps = runtime.Sleeps.Count;

            Filemap.FolioGet(other); // isolation
            runtime.Inner.Run("reclaimer", async () => await kernel.Vmscan.ShrinkFolio(other, kswapd: false));

            Assert.Equal(sleeps, runtime.Sleeps.Count);
            Assert.True(other.Writeback);
        }
    }

    /// <summary>
    /// The mark goes at the end of the memcg's reclaim: a second reclaim of the memcg, whose batch
    /// is its page written meanwhile (clean: it marks nothing), does not nap, though the queue is
    /// congested again (another file's write; 4.20) or the node's pages waiting for writeback
    /// are over half its reclaimable ones (6.9's throttle would sleep a jiffy). The first reclaim
    /// napped on the mark it set (checked, so that the second's set-up is the one meant); 5.0's
    /// never naps on it (its queue is never congested).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void The_memcgs_mark_is_cleared_when_its_reclaim_ends(KernelEra era)
    {
        var (runtime, kernel, memcg) = MemcgWithPageUnderWriteback(era, Faults.None);
        var throttles = era.ReclaimThrottlesOnCongested();
        var page = memcg.Mappings[0].Pages.Load(0)!;
        if (throttles)
        {
            page.Reclaim = true; // met before: congested in 6.9
        }

        var jiffies = kernel.Timers.Jiffies;
        runtime.Inner.Run("memcg", async () => await kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel));
        Assert.True(throttles ? kernel.Timers.Jiffies > jiffies : runtime.Sleeps.Count > 0);

        runtime.Inner.RunAllPending(); // the memcg's page written: clean
        // Still cached, so that the second reclaim has a batch, and the nap after it, to take.
        Assert.Same(page, memcg.Mappings[0].Pages.Load(0));
        Assert.False(page.Dirty || page.Writeback);
        PagesUnderWriteback(runtime, kernel, 3);
        Assert.Equal(era.RequestQueueSetsCongested(), kernel.BackingDev.WriteCongested);
        var (sleeps, before, throttled) = (runtime.Sleeps.Count, kernel.Timers.Jiffies, runtime.Count("reclaim_throttle"));

        runtime.Inner.Run("memcg", async () => await kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel));

        Assert.Equal(sleeps, runtime.Sleeps.Count);
        Assert.Equal(before, kernel.Timers.Jiffies);
        Assert.Equal(throttled, runtime.Count("reclaim_throttle"));
    }

    /// <summary>
    /// A cgroup v1 memcg's reclaim is not "sane" (sane_reclaim, writeback_throttling_sane: the
    /// legacy hierarchy has no writeback of its own to wait on) [R]: its batch of a page under
    /// writeback on the congested queue marks nothing, so it does not nap on a mark of its own.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V5_0)]
    public void A_cgroup_v1_memcgs_reclaim_marks_no_congestion_of_its_own(KernelEra era)
    {
        var (runtime, kernel, memcg) = MemcgWithPageUnderWriteback(era, Faults.None, v2: false);

        runtime.Inner.Run("memcg", async () => await kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel));

        Assert.DoesNotContain(runtime.Sleeps, label => label.Function == "congestion_wait");
    }

    /// <summary>A memcg on cgroup v2 (or v1) whose one file has one page under writeback, the queue congested.</summary>
    private static (RecordingRuntime Runtime, Kernel Kernel, MemCgroup Memcg) MemcgWithPageUnderWriteback(KernelEra era, Faults faults, bool v2 = true)
    {
        var runtime = new RecordingRuntime();
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Faults = faults,
            Machine = new Mm.Throttle.Machine { NrRequests = 1 },
        });
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        var memcg = new MemCgroup("job", 1024) { OnDefaultHierarchy = v2 };
        memcg.Charge(inode.Mapping);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        runtime.Inner.Run("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16)));
        Assert.True(inode.Mapping.Pages.Load(0)!.Writeback);
        Assert.Equal(era.RequestQueueSetsCongested(), kernel.BackingDev.WriteCongested);
        return (runtime, kernel, memcg);
    }

    /// <summary>A new file outside any memcg, of <paramref name="count"/> pages written and under writeback.</summary>
    private static List<Page> PagesUnderWriteback(RecordingRuntime runtime, Kernel kernel, int count)
    {
        // One ioend, so one bio and one request: the queue of one request would make each of a
        // bio per page wait for the one before it (branch queue22).
        var inode = kernel.CreateInode(count, new SimpleFs(kernel, SimpleFsOptions.Default with { AggregateWritepages = true }));
        var pages = Enumerable.Range(0, count).Select(index => kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true)).ToList();
        runtime.Inner.Run("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16)));
        Assert.All(pages, page => Assert.True(page.Writeback));
        return pages;
    }
}
