using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// Direct reclaim in the allocator's slow path: an allocation that finds every zone it may use at
/// or below its min watermark wakes kswapd, reclaims pages of those zones itself
/// (try_to_free_pages) and tries again. From 3.2 (ee72886d8ed5) it leaves dirty file pages to
/// the flusher. The machines: two nodes of 100 pages (min_free_kbytes 128: min 16, low 20, high
/// 24 a node), or one node of ZONE_NORMAL 100 and ZONE_HIGHMEM 100 (min 32, low 40, high 48;
/// Normal's lowmem_reserve 3).
/// </summary>
public sealed class DirectReclaimTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    private static readonly Machine Highmem = new() { TotalPages = 200, TotalHighPages = 100, MinFreeKbytes = 128 };

    [Theory]
    [InlineData(KernelEra.V2_5, 32, 0)]
    [InlineData(KernelEra.V2_6_20, 50, 50)]
    [InlineData(KernelEra.V2_6_29, 39, 32)]
    [InlineData(KernelEra.V2_6_36, 32, 32)]
    [InlineData(KernelEra.V3_19, 17, 17)]
    [InlineData(KernelEra.V4_20, 17, 17)]
    [InlineData(KernelEra.V6_9, 17, 17)]
    public void A_writer_below_the_min_watermarks_reclaims_clean_pages_itself_and_gets_its_page(KernelEra era, int freed0, int freed1)
    {
        // 160 clean pages fill both nodes to their low watermark; the slow path gives 4 more a
        // node down to min; the 9th page needs direct reclaim, whose priority loop frees clean
        // pages of both nodes (84 on each LRU: 80 cached, 4 of the writer's) until it has
        // SWAP_CLUSTER_MAX, each era by its own arithmetic (docs/eras.md, branch reclaim7):
        // 2.5.31 has one list for the machine (168 pages, max_scan 168 / 6 = 28 at priority 6)
        // and takes a batch of its whole target, 32 pages, off its tail whatever max_scan is:
        // the 32 oldest cached pages, all on node 0 (the set-up fills node 0 first), all freed,
        // and the target is met in the first batch; 2.6.20 adds (84 >> priority) + 1 a round to each zone's deferred count, which reaches
        // 50 at priority 2, and scans a zone's whole count; 2.6.29's count reaches 39 there and
        // a zone's scan stops after a batch once the call has more than 32 (node 0: 32 + 7, node
        // 1: one batch); 2.6.36 stops once it has 32 (a batch in each node); from 3.0 nothing is
        // deferred and from 3.11 each zone stops at its own 32: 1, 2, 5 and 9 pages at
        // priorities 6 to 3 in each node, 34 in all.
        var world = new ZoneWorld(era, Numa, cached: 160);

        world.Write(pages: 10);

        var alloc = world.Kernel.PageAlloc;
        Assert.Equal(1L, alloc.AllocStall);
        Assert.Empty(alloc.Oom.Kills);
        Assert.Equal(10, world.Written.Mapping.NrPages);
        Assert.Equal((80 - freed0, 80 - freed1), (world.PagesIn(world.Cache, alloc.Zones[0]), world.PagesIn(world.Cache, alloc.Zones[1])));
        Assert.True(alloc.KswapdWakeups(0) > 0);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, true, 0)]
    [InlineData(KernelEra.V2_6_29, true, 0)]
    [InlineData(KernelEra.V2_6_36, true, 0)]
    [InlineData(KernelEra.V3_19, false, 1)]
    [InlineData(KernelEra.V6_9, false, 1)]
    public void Direct_reclaim_writes_dirty_file_pages_only_before_3_2(KernelEra era, bool writes, int kills)
    {
        // Every cached page dirty. Before ee72886d8ed5 direct reclaim calls ->writepage on the
        // dirty pages its rounds scan, and its loop frees them once written (the next test).
        // From 3.2 none is written by it, and the OOM killer ends it (OomKillTests has the rest).
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true);

        world.Write(pages: 9);

        Assert.Equal(kills, world.Kernel.PageAlloc.Oom.Kills.Count);
        var written = ZoneWorld.Pages(world.Cache).Count(page => page.Writeback || !page.Dirty) + (160 - world.Cache.Mapping.NrPages);
        Assert.Equal(writes, written > 0);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_2_6_37_the_loop_naps_and_then_frees_the_pages_whose_write_it_started(KernelEra era)
    {
        // Every cached page dirty. The round at priority 2 writes the pages it scans and frees
        // none (their I/O is in flight); the loop naps in congestion_wait(HZ/10) (the round
        // scanned pages, below DEF_PRIORITY - 2) until a write ends, and the next rounds meet
        // those pages again and free the ones written by then (this sequential run completes a
        // write only while the writer sleeps: two here): one call of direct reclaim frees pages,
        // and 2.6.29, whose reclaim reports only the pages it freed, calls no OOM killer. The
        // pages were written in the loop: by its own pageout or by the flusher it woke.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true);

        world.Write(pages: 9);

        var alloc = world.Kernel.PageAlloc;
        Assert.Equal((1L, 0), (alloc.AllocStall, alloc.Oom.Kills.Count));
        Assert.True(world.Cache.Mapping.NrPages < 160, "no cached page was freed");
    }

    [Fact]
    public void Direct_reclaim_for_low_memory_reclaims_normal_pages_only()
    {
        // 125 clean pages: HighMem 60 and Normal 57 in the fast path, HighMem 8 more in the slow
        // path. A writer limited to low memory takes Normal down to its min watermark (11 pages),
        // then reclaims Normal's pages alone, 68 on its LRU: 1, 2, 4, 7, 13 and 20 at priorities
        // 6 to 1 (the LRU shrinking as they go), 47 in all; HighMem's 68 stay.
        var world = new ZoneWorld(KernelEra.V6_9, Highmem, cached: 125, lowMemoryWriter: true);
        var (normal, highmem) = (world.Kernel.PageAlloc.Zones[0], world.Kernel.PageAlloc.Zones[1]);
        Assert.Equal((57, 68), (world.PagesIn(world.Cache, normal), world.PagesIn(world.Cache, highmem)));

        world.Write(pages: 12);

        Assert.Equal(new string('N', 12), world.Zones(world.Written));
        Assert.Equal((10, 68), (world.PagesIn(world.Cache, normal), world.PagesIn(world.Cache, highmem)));
    }
}
