using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// Before 4.7, the progress direct reclaim reports while a zone is still reclaimable, and the
/// wait before each retry. The machine of <see cref="OomKillTests"/>: 160 dirty cached pages,
/// pinned (and the writer's own, pinned as it writes them), so no round frees a page; when the writer's 9th page finds both nodes at min, each
/// node's file LRU is 84 pages (80 cached, 4 of the writer's).
/// </summary>
public sealed class ReclaimProgressTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Theory]
    [InlineData(KernelEra.V2_6_20, 94)]
    [InlineData(KernelEra.V2_6_36, 126)]
    [InlineData(KernelEra.V3_19, 0)]
    public void Before_4_7_each_retry_waits_in_congestion_wait_HZ_50_and_from_2_6_37_only_while_congested(KernelEra era, long jiffies)
    {
        // A retry after each call until one finds both zones scanned six times their 84 pages
        // (504, counted as the isolation scans them): 2.6.20 scans 178 a node a call, so its 3rd
        // call finds 534 (2 retries); 2.6.36 scans 165, so its 4th finds 660 (3 retries).
        // congestion_wait with no write in flight sleeps its whole HZ/50 (2 jiffies); 3.19's
        // wait_iff_congested finds no congested device and only reschedules. Inside each call
        // the priority loop of 2.6.20 to 2.6.36 naps HZ/10 after each round that scanned below
        // DEF_PRIORITY - 2: a node's deferred count reaches a batch at priorities 2, 1 and 0
        // (2.6.20: (84 >> p) + 1 a round, 50 at priority 2; 2.6.36: 84 >> p, 39 there), so 3
        // naps of 10 jiffies a call: 2.6.20 3 x 30 + 2 x 2, 2.6.36 4 x 30 + 3 x 2.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true, pinned: true);

        world.Write(pages: 9);

        Assert.Equal(jiffies, world.Kernel.Timers.Jiffies);
        Assert.Single(world.Kernel.PageAlloc.Oom.Kills);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, 3 * 178)]
    [InlineData(KernelEra.V3_19, 4 * 165)]
    public void A_page_freed_into_a_zone_starts_its_scan_count_again(KernelEra era, long scanned)
    {
        // The calls until the OOM kill scanned each node's pages past six times its 84 (2.6.20:
        // 3 calls of 178, 3.19: 4 of 165, as the isolation scans them); truncating the cached
        // file frees its pages into both nodes, and with them the count goes back to 0, so a
        // later allocation would retry as many calls again.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true, pinned: true);
        var alloc = world.Kernel.PageAlloc;
        var before = (0L, 0L);

        world.Write(pages: 9, after: async () =>
        {
            before = (alloc.PagesScanned(alloc.Zones[0]), alloc.PagesScanned(alloc.Zones[1]));
            foreach (var page in ZoneWorld.Pages(world.Cache).ToList())
            {
                world.Kernel.Filemap.FolioPut(page); // the pins go: truncate's put is the last reference
            }

            await world.Kernel.Truncate.TruncateSetsize(world.Cache, 0);
        });

        Assert.Equal((scanned, scanned), before);
        Assert.Equal((0L, 0L), (alloc.PagesScanned(alloc.Zones[0]), alloc.PagesScanned(alloc.Zones[1])));
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void Eras_whose_reclaim_reports_only_pages_freed_keep_no_scan_count(KernelEra era)
    {
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true, pinned: true);

        world.Write(pages: 9);

        var alloc = world.Kernel.PageAlloc;
        Assert.Equal((0L, 0L), (alloc.PagesScanned(alloc.Zones[0]), alloc.PagesScanned(alloc.Zones[1])));
    }

    [Fact]
    public void In_2_6_29_direct_reclaim_reports_only_pages_freed_but_still_keeps_the_count_kswapd_reads()
    {
        // 2.6.29's shrink_inactive_list adds zone->pages_scanned for every global reclaimer
        // (scanning_global_lru), and its balance_pgdat reads it (zone_is_all_unreclaimable at six
        // times the LRU), even though its direct reclaim no longer counts reclaimable zones as progress.
        var world = new ZoneWorld(KernelEra.V2_6_29, Numa, cached: 160, dirty: true, pinned: true);

        world.Write(pages: 9);

        var alloc = world.Kernel.PageAlloc;
        Assert.True(alloc.PagesScanned(alloc.Zones[0]) + alloc.PagesScanned(alloc.Zones[1]) > 0);
    }
}
