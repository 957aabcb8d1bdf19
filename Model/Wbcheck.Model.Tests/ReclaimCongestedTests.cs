using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The congested mark and the nap it causes (<see cref="CongestedEras"/>). One file page under
/// writeback on a queue that one write in flight congests (NrRequests 1) to 4.20, the legacy
/// request path's last era; 5.0's blk-mq queue is never congested
/// (<see cref="RequestQueueEras.RequestQueueSetsCongested"/>). To 4.20 a batch of it is congested
/// (the queue is); in 5.0 and 6.9 only once kswapd has marked it PG_reclaim and meets it again. A
/// batch all congested marks the zone (node, lruvec) and a reclaimer that is not kswapd naps:
/// wait_iff_congested's congestion_wait to 4.20, which the write's completion ends, and only
/// while a queue is congested, so never in 5.0; reclaim_throttle(VMSCAN_THROTTLE_CONGESTED), a
/// jiffy, in 6.9.
/// </summary>
public sealed class ReclaimCongestedTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V4_20)]
    public void Direct_reclaim_naps_until_a_write_completes_once_kswapd_marked_the_zone_congested(KernelEra era)
    {
        var (runtime, kernel, page) = PageUnderWriteback(era, Faults.None);
        Shrink(runtime, kernel, page, kswapd: true);
        Assert.Empty(runtime.Sleeps); // kswapd never naps on the mark
        Assert.True(page.Writeback);

        Shrink(runtime, kernel, page, kswapd: false);

        Assert.Equal(["congestion_wait"], runtime.Sleeps.Select(label => label.Function));
        Assert.False(page.Writeback); // the write the nap waited for
    }

    /// <summary>
    /// 5.0: the queue holding the page's write is not congested (blk-mq marks no disk), so kswapd's
    /// batch of the page leaves the node unmarked, and wait_iff_congested would not sleep anyway:
    /// the direct reclaimer goes on at once, the page still under writeback. A page already
    /// PG_reclaim (met before) is congested all the same, and kswapd's batch of it marks the node:
    /// still no nap. With <see cref="Faults.BlkMqQueueSetsCongested"/> (the model before branch
    /// congest25) the direct reclaimer napped in congestion_wait until the write completed.
    /// </summary>
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void On_5_0_a_blk_mq_disk_is_never_congested_and_direct_reclaim_does_not_nap(bool metBefore, bool fault, bool naps)
    {
        var (runtime, kernel, page) = PageUnderWriteback(KernelEra.V5_0, new Faults { BlkMqQueueSetsCongested = fault });
        page.Reclaim = metBefore;
        Shrink(runtime, kernel, page, kswapd: true);
        Assert.Empty(runtime.Sleeps);
        Assert.True(page.Writeback);

        Shrink(runtime, kernel, page, kswapd: false);

        Assert.Equal(naps, runtime.Sleeps.Any(label => label.Function == "congestion_wait"));
        Assert.Equal(!naps, page.Writeback);
        Assert.Equal(0, kernel.Timers.Jiffies);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    public void Without_the_mark_or_the_nap_direct_reclaim_goes_on_at_once(KernelEra era)
    {
        foreach (var faults in new[] { new Faults { ReclaimDoesNotMarkCongested = true }, new Faults { ReclaimSkipsCongestedNap = true } })
        {
            var (runtime, kernel, page) = PageUnderWriteback(era, faults);
            Shrink(runtime, kernel, page, kswapd: true);

            Shrink(runtime, kernel, page, kswapd: false);

            Assert.Empty(runtime.Sleeps);
            Assert.True(page.Writeback);
        }
    }

    /// <summary>
    /// To 4.17 any global reclaimer marks the zone (node) from its own batch and naps at once; from
    /// 4.18 only kswapd marks the node, so a direct reclaimer's own batch makes it nap only when
    /// kswapd has marked it.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V4_20, false)]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_direct_reclaimers_own_congested_batch_makes_it_nap_until_4_17(KernelEra era, bool naps)
    {
        var (runtime, kernel, page) = PageUnderWriteback(era, Faults.None);

        Shrink(runtime, kernel, page, kswapd: false);

        Assert.Equal(naps, runtime.Sleeps.Any(label => label.Function == "congestion_wait"));
        Assert.Equal(!naps, page.Writeback);
    }

    /// <summary>
    /// A queue that is not congested: wait_iff_congested sleeps only while one is, whatever the
    /// mark (3.19's direct reclaimer marks the zone here: the page kswapd marked PG_reclaim is
    /// congested; 5.0's kswapd does not, meeting it unmarked on an uncongested queue).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V5_0)]
    public void An_uncongested_queue_makes_nobody_nap_before_6_x(KernelEra era)
    {
        var (runtime, kernel, page) = PageUnderWriteback(era, Faults.None, nrRequests: 2);
        Shrink(runtime, kernel, page, kswapd: true);

        Shrink(runtime, kernel, page, kswapd: false);

        Assert.Empty(runtime.Sleeps);
        Assert.True(page.Writeback);
    }

    /// <summary>
    /// 6.9: kswapd's first meeting marks the page PG_reclaim (not yet congested: the queue's
    /// congestion is no longer counted); its second finds it still under writeback and marked,
    /// congested, and marks the node's lruvec (and stalls on it, VMSCAN_THROTTLE_WRITEBACK, HZ/10).
    /// Direct reclaim then throttles VMSCAN_THROTTLE_CONGESTED: a jiffy, the node's one page
    /// waiting for writeback being over half its reclaimable pages.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void In_6_x_direct_reclaim_throttles_a_jiffy_on_an_lruvec_kswapd_marked_congested(KernelEra era)
    {
        foreach (var (faults, throttles) in new[] { (Faults.None, true), (new Faults { ReclaimDoesNotMarkCongested = true }, false), (new Faults { ReclaimSkipsCongestedNap = true }, false) })
        {
            var (runtime, kernel, page) = PageUnderWriteback(era, faults);
            Shrink(runtime, kernel, page, kswapd: true);
            Shrink(runtime, kernel, page, kswapd: true);
            var before = kernel.Timers.Jiffies;
            Assert.Equal(Time.Timers.Hz / 10, before); // kswapd's own stall on the immediate page

            Shrink(runtime, kernel, page, kswapd: false);

            Assert.Equal(throttles ? 1 : 0, kernel.Timers.Jiffies - before);
            Assert.Equal(throttles ? 1 : 0, runtime.Count("reclaim_throttle", 1));
            Assert.True(page.Writeback);
        }
    }

    /// <summary>
    /// The direct reclaimer's nap on kswapd's congested mark is told to the observers (the
    /// congested-queue scenarios watch for it): once, as NappedOnCongestedMark, whether it is
    /// 3.19's wait_iff_congested or 6.9's reclaim_throttle(VMSCAN_THROTTLE_CONGESTED); kswapd's
    /// own batches tell nothing.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_direct_reclaimers_nap_on_the_congested_mark_is_told_to_the_observers(KernelEra era)
    {
        var (runtime, kernel, page) = PageUnderWriteback(era, Faults.None);
        var gates = new GateRecorder();
        kernel.Observers.Add(gates);
        Shrink(runtime, kernel, page, kswapd: true);
        if (era.ReclaimThrottlesOnCongested())
        {
            Shrink(runtime, kernel, page, kswapd: true);
        }

        Assert.Empty(gates.Gates);

        Shrink(runtime, kernel, page, kswapd: false);

        Assert.Equal([CongestionGate.NappedOnCongestedMark], gates.Gates);
    }

    /// <summary>
    /// 6.9 counts as congested only a page under writeback already marked PG_reclaim: the block
    /// layer's congestion is no longer read. A batch of kswapd's whose dirty or writeback page sits
    /// on a write-congested queue (one write in flight) but is not both under writeback and
    /// marked (its first meeting of the page under writeback; a dirty page not yet written) leaves
    /// LRUVEC_NODE_CONGESTED clear, so a direct reclaimer after it is not throttled
    /// (VMSCAN_THROTTLE_CONGESTED), though the node's pages waiting for writeback would let the
    /// throttle sleep (over half its reclaimable pages).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V6_9, false)]
    [InlineData(KernelEra.V6_9, true)]
    [InlineData(KernelEra.V6_10, false)]
    [InlineData(KernelEra.V6_10, true)]
    public void In_6_x_a_congested_queue_alone_does_not_mark_the_lruvec(KernelEra era, bool dirtyPage)
    {
        // 6.x has no congested bit to set; the fault sets it as the model's old queue did, so that
        // the count is seen to leave it out (a 6.9 counting it would mark the lruvec here).
        var (runtime, kernel, page) = PageUnderWriteback(era, new Faults { BlkMqQueueSetsCongested = true });
        if (dirtyPage)
        {
            // Two more pages under writeback, so that the node's write-pending pages are over half its reclaimable ones.
            var other = kernel.CreateInode(2, new SimpleFs(kernel, SimpleFsOptions.Default));
            kernel.Filemap.AddCachedPage(other.Mapping, 0, dirty: true);
            kernel.Filemap.AddCachedPage(other.Mapping, 1, dirty: true);
            runtime.Inner.Run("flusher", async () => await kernel.PageWriteback.DoWritepages(other.Mapping, WritebackControl.Background(16)));
            page = kernel.Filemap.AddCachedPage(page.Mapping!, 1, dirty: true);
        }

        Assert.True(kernel.BackingDev.WriteCongested);
        Assert.False(page.Reclaim);
        Shrink(runtime, kernel, page, kswapd: true);
        Assert.True(page.Reclaim); // marked now, congested at kswapd's next meeting
        var before = kernel.Timers.Jiffies;

        Shrink(runtime, kernel, page, kswapd: false);

        Assert.Equal(0, runtime.Count("reclaim_throttle"));
        Assert.Equal(before, kernel.Timers.Jiffies);
    }

    /// <summary>
    /// kswapd clears the node's (zone's) mark when it finds it balanced (3.19's end_zone scan,
    /// clear_pgdat_congested from 4.8): the machine has pages to spare, so a kswapd run after the
    /// marking batch finds it balanced at once, and direct reclaim then goes on without a nap. (3.19's
    /// direct reclaimer would mark the zone again from a batch of the page under writeback: it
    /// reclaims a clean page of the same zone, which marks nothing, and would nap on the old mark.)
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19, 1)]
    [InlineData(KernelEra.V4_20, 1)]
    [InlineData(KernelEra.V6_9, 2)]
    public void Kswapd_finding_the_node_balanced_clears_the_mark(KernelEra era, int kswapdMeetings)
    {
        foreach (var balance in new[] { false, true })
        {
            var (runtime, kernel, page) = PageUnderWriteback(era, Faults.None);
            // 6.9's throttle is skipped once half the node's pages are clean: the page only where it is reclaimed.
            var clean = era.DirectReclaimFlagsReclaimDirty() ? kernel.Filemap.AddCachedPage(page.Mapping!, 1, dirty: false) : page;
            for (var meeting = 0; meeting < kswapdMeetings; meeting++)
            {
                Shrink(runtime, kernel, page, kswapd: true);
            }

            if (balance)
            {
                var reclaimed = -1;
                runtime.Inner.Run("kswapd", async () => reclaimed = await kernel.Vmscan.Kswapd(0));
                Assert.Equal(0, reclaimed);
            }

            var (sleeps, jiffies) = (runtime.Sleeps.Count, kernel.Timers.Jiffies);

            Shrink(runtime, kernel, clean, kswapd: false);

            var napped = runtime.Sleeps.Count > sleeps || kernel.Timers.Jiffies > jiffies;
            Assert.Equal(!balance, napped);
        }
    }

    /// <summary>
    /// 6.9: a cgroup v2 memcg's reclaim whose batches find only pages under writeback that an
    /// earlier scan marked marks its own lruvec (LRUVEC_CGROUP_CONGESTED) and throttles a jiffy
    /// after each batch; a cgroup v1 memcg's reclaim marks nothing (it waits on such pages).
    /// </summary>
    [Fact]
    public void In_6_x_a_cgroup_v2_memcgs_reclaim_throttles_on_its_own_mark()
    {
        long Throttled(Faults faults)
        {
            var world = new World(2, dirty: true, new KernelConfig { Era = KernelEra.V6_9, Faults = faults });
            new MemCgroup("job", 2) { HardLimit = true, OnDefaultHierarchy = true }.Charge(world.Mapping);
            world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
            world.Page(0).Reclaim = true;
            world.Page(1).Reclaim = true;
            var before = world.Kernel.Timers.Jiffies;

            _ = world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.Kernel));

            return world.Kernel.Timers.Jiffies - before;
        }

        Assert.True(Throttled(Faults.None) > 0);
        Assert.Equal(0, Throttled(new Faults { ReclaimDoesNotMarkCongested = true }));
    }

    private static (RecordingRuntime Runtime, Kernel Kernel, Page Page) PageUnderWriteback(KernelEra era, Faults faults, int nrRequests = 1)
    {
        var runtime = new RecordingRuntime();
        runtime.Inner.RunPendingWhenBlocked = true;
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Faults = faults,
            Machine = new Mm.Throttle.Machine { NrRequests = nrRequests },
        });
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        runtime.Inner.Run("flusher", async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16)));
        var page = inode.Mapping.Pages.Load(0)!;
        Assert.True(page.Writeback);
        Assert.Equal(nrRequests == 1 && (era.RequestQueueSetsCongested() || faults.BlkMqQueueSetsCongested), kernel.BackingDev.WriteCongested);
        return (runtime, kernel, page);
    }

    private static void Shrink(RecordingRuntime runtime, Kernel kernel, Page page, bool kswapd)
    {
        Filemap.FolioGet(page); // isolation
        runtime.Inner.Run(kswapd ? "kswapd" : "reclaimer", async () => await kernel.Vmscan.ShrinkFolio(page, kswapd));
    }

    /// <summary>Each congestion gate told to the observers, in order.</summary>
    private sealed class GateRecorder : IKernelObserver
    {
        public List<CongestionGate> Gates { get; } = [];

        public void ReclaimCongestionGate(CongestionGate gate) => Gates.Add(gate);
    }
}
