using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// 2.5.31's shrink_cache goes page by page under pagemap_lru_lock: it stops the moment the call's
/// target is freed, and its max_scan is the inactive count shrink_caches read before
/// refill_inactive moved pages [V: the "-" side of akpm's "multithread and batch page reclaim",
/// against 2.5.31]. 2.5.32's batches (a batch of SWAP_CLUSTER_MAX at least, gone through whole)
/// free past the target; each case here fails on that form.
/// </summary>
public sealed class ListEraPageByPageTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Fact]
    public void A_2_5_31_reclaimer_stops_the_moment_it_has_freed_its_target()
    {
        // 160 clean pages, node 0's 80 the oldest. A reclaimer for node 1 passes over node 0's
        // (memclass) in its first rounds: max_scan 26 (160 / 6), 32, then 40, of which 22 are
        // node 0's and 18 node 1's, freed. At priority 3 it frees 14 more and stops: 32. In
        // batches the third round takes 32 pages (16 of node 1 freed) and then, 8 of max_scan
        // left and 16 of the target, a batch of 32, all freed: 48.
        var world = new ZoneWorld(KernelEra.V2_5, Numa, cached: 160);
        var freed = 0;

        world.Runtime.Run("reclaimer", async () => freed = await world.Kernel.Vmscan.TryToFreePages([.. world.Kernel.PageAlloc.Zonelist(1)], Gfp.Kernel));

        Assert.Equal(32, freed);
        Assert.Equal(80 - 32, world.PagesIn(world.Cache, world.Kernel.PageAlloc.Zones[1]));
    }

    [Fact]
    public void In_2_5_31_max_scan_is_the_inactive_count_read_before_refill_inactive()
    {
        // 5 inactive pages and 100 active ones: refill_inactive moves the ratio's worth,
        // 32 * 100 / (5 * 2) = 320, all 100, to the inactive list. max_scan was read before:
        // 5 / 6 = 0, so the round scans nothing. Read after the refill it would be 105 / 6 = 17.
        var world = new ZoneWorld(KernelEra.V2_5, new Machine { TotalPages = 400 }, cached: 105);
        foreach (var page in ZoneWorld.Pages(world.Cache).Skip(5))
        {
            page.Active = true;
        }

        var sc = new ScanControl { Priority = 6, NrToReclaim = 32, MayWritepage = true, Zonelist = [.. world.Kernel.PageAlloc.Zonelist(0)] };
        world.Runtime.Run("reclaimer", async () => await world.Kernel.Vmscan.ShrinkCache(sc));

        Assert.Equal((0L, 0), (sc.NrScanned, sc.NrReclaimed));
        Assert.Equal(105, ZoneWorld.Pages(world.Cache).Count(page => !page.Active));
    }

    [Fact]
    public void In_2_5_31_refill_inactive_moves_the_ratio_of_what_is_left_of_the_target()
    {
        // A later round: 16 of the call's 32 freed already. try_to_free_pages hands shrink_caches
        // the 16 left, and the ratio is 16 * 100 / ((50 | 1) * 2) = 15 active pages to the
        // inactive list; with the whole target it would be 32 * 100 / 102 = 31. max_scan is
        // 50 / 6 = 8: the round frees 8 of the oldest inactive pages, none of the active ones.
        var world = new ZoneWorld(KernelEra.V2_5, new Machine { TotalPages = 400 }, cached: 150);
        foreach (var page in ZoneWorld.Pages(world.Cache).Skip(50))
        {
            page.Active = true;
        }

        var sc = new ScanControl { Priority = 6, NrToReclaim = 32, NrReclaimed = 16, MayWritepage = true, Zonelist = [.. world.Kernel.PageAlloc.Zonelist(0)] };
        world.Runtime.Run("reclaimer", async () => await world.Kernel.Vmscan.ShrinkCache(sc));

        Assert.Equal((8L, 24), (sc.NrScanned, sc.NrReclaimed));
        Assert.Equal(100 - 15, ZoneWorld.Pages(world.Cache).Count(page => page.Active));
    }
}
