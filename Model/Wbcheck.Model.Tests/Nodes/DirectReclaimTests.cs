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
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_writer_below_the_min_watermarks_reclaims_clean_pages_itself_and_gets_its_page(KernelEra era)
    {
        // 160 clean pages fill both nodes to their low watermark; the slow path gives 4 more a
        // node down to min; the 9th page needs direct reclaim, which frees a batch of 32 clean
        // pages of node 0 (the writer's), and the allocation goes on from there.
        var world = new ZoneWorld(era, Numa, cached: 160);

        world.Write(pages: 10);

        var alloc = world.Kernel.PageAlloc;
        Assert.Equal(1L, alloc.AllocStall);
        Assert.Empty(alloc.Oom.Kills);
        Assert.Equal(10, world.Written.Mapping.NrPages);
        Assert.Equal((48, 80), (world.PagesIn(world.Cache, alloc.Zones[0]), world.PagesIn(world.Cache, alloc.Zones[1])));
        Assert.True(alloc.KswapdWakeups(0) > 0);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, true, 0)]
    [InlineData(KernelEra.V2_6_29, true, 1)]
    [InlineData(KernelEra.V2_6_36, true, 0)]
    [InlineData(KernelEra.V3_19, false, 1)]
    [InlineData(KernelEra.V6_9, false, 1)]
    public void Direct_reclaim_writes_dirty_file_pages_only_before_3_2(KernelEra era, bool writes, int kills)
    {
        // Every cached page dirty: direct reclaim frees none in its first round (a page it writes
        // is under writeback). Before ee72886d8ed5 it has called ->writepage on node 0's dirty
        // pages by then, and 2.6.20 and 2.6.36, whose reclaim reports progress while the zones
        // are reclaimable, retry after congestion_wait and free them once written; 2.6.29 reports
        // no progress and calls the OOM killer at once. From 3.2 none is written, and the OOM
        // killer ends it (OomKillTests has the rest).
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true);

        world.Write(pages: 9);

        Assert.Equal(kills, world.Kernel.PageAlloc.Oom.Kills.Count);
        var written = ZoneWorld.Pages(world.Cache).Count(page => page.Writeback || !page.Dirty);
        Assert.Equal(writes, written > 0);
    }

    [Fact]
    public void Direct_reclaim_for_low_memory_reclaims_normal_pages_only()
    {
        // 125 clean pages: HighMem 60 and Normal 57 in the fast path, HighMem 8 more in the slow
        // path. A writer limited to low memory takes Normal down to its min watermark (11 pages),
        // then reclaims 32 of Normal's pages; HighMem's 68 stay.
        var world = new ZoneWorld(KernelEra.V6_9, Highmem, cached: 125, lowMemoryWriter: true);
        var (normal, highmem) = (world.Kernel.PageAlloc.Zones[0], world.Kernel.PageAlloc.Zones[1]);
        Assert.Equal((57, 68), (world.PagesIn(world.Cache, normal), world.PagesIn(world.Cache, highmem)));

        world.Write(pages: 12);

        Assert.Equal(new string('N', 12), world.Zones(world.Written));
        Assert.Equal((25, 68), (world.PagesIn(world.Cache, normal), world.PagesIn(world.Cache, highmem)));
    }
}
