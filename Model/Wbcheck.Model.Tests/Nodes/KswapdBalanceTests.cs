using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// kswapd's loop (balance_pgdat; 2.5.31's kswapd_balance_pgdat), era by era: a wakeup of node 0's
/// kswapd on the machine of <see cref="WatermarkTests"/> (two nodes of 100 pages: min 16, low 20,
/// high 24), whose zone holds 80 clean cached pages with 20 free, at its low watermark.
/// </summary>
public sealed class KswapdBalanceTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    private static readonly Machine Highmem = new() { TotalPages = 200, TotalHighPages = 100, MinFreeKbytes = 128 };

    private static int Kswapd(ZoneWorld world, int node = 0)
    {
        var reclaimed = 0;
        world.Runtime.Run("kswapd", async () => reclaimed = await world.Kernel.Vmscan.Kswapd(node));
        return reclaimed;
    }

    [Theory]
    [InlineData(KernelEra.V2_5, 32, 0L)]
    [InlineData(KernelEra.V2_6_20, 49, 10L)]
    [InlineData(KernelEra.V2_6_29, 38, 10L)]
    [InlineData(KernelEra.V2_6_36, 38, 0L)]
    [InlineData(KernelEra.V3_19, 7, 0L)]
    [InlineData(KernelEra.V4_13, 7, 0L)]
    [InlineData(KernelEra.V6_9, 7, 0L)]
    public void A_wakeup_reclaims_what_the_eras_loop_reclaims_by_the_round_that_balances_the_node(KernelEra era, int reclaimed, long napped)
    {
        // 2.5.31: try_to_free_pages with node 0's zone as classzone runs shrink_caches over the
        // machine's one inactive list (DEF_PRIORITY 6) in batches of SWAP_CLUSTER_MAX off its
        // tail, freeing only node 0's pages (memclass), and stops between batches once 32 are
        // freed (docs/eras.md section 39); then 52 are free, above pages_high. 2.6.20 to 2.6.36 defer counts under a batch in the zone's saved count:
        // 2.6.20 adds one a round (6 by priority 7, then 2, 3, 6, 11) and takes 21 + 1 at priority
        // 2, 49 in all; 2.6.29 and 2.6.36 save 1, 2, 5, 10 from priority 6 and take 38 at
        // priority 2. 2.6.20 and 2.6.29 judged the zone short before shrinking it, so they nap
        // (HZ/10) before the 38 (49) end the pass, and find it balanced on loop_again; 2.6.36
        // looks after shrinking and stops at once. From 3.11 a round scans 80 >> priority with
        // nothing deferred: 1, 2 and 4 pages at priorities 6, 5 and 4 bring the zone to 27 free,
        // above 24, and the loop ends (3.19: every zone balanced; 4.8 on: the node balanced).
        var world = new ZoneWorld(era, Numa, cached: 160);
        var zone = world.Kernel.PageAlloc.Zones[0];
        Assert.Equal(80, world.PagesIn(world.Cache, zone));
        var start = world.Kernel.Timers.Jiffies;

        Assert.Equal(reclaimed, Kswapd(world));

        Assert.Equal(80 - reclaimed, world.PagesIn(world.Cache, zone));
        Assert.True(world.Kernel.PageAlloc.ZoneWatermarkOk(zone, zone.HighWmarkPages));
        Assert.Equal(napped, world.Kernel.Timers.Jiffies - start);
    }

    [Theory]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void On_a_highmem_node_3_19_balances_every_zone_and_from_4_8_kswapd_stops_once_one_zone_is_balanced(KernelEra era, bool everyZone)
    {
        // One node of ZONE_NORMAL and ZONE_HIGHMEM, 100 pages each (min 32, low 40, high 48;
        // Normal keeps 3 from HighMem allocations). 120 cached pages leave both zones short of
        // their high watermark. 3.18's pgdat_balanced at order 0 wants every zone up to the
        // classzone balanced; 4.8's wants one (pgdat_balanced: "return true" at the first).
        var world = new ZoneWorld(era, Highmem, cached: 120);
        var alloc = world.Kernel.PageAlloc;
        Assert.All(alloc.Zones, zone => Assert.False(alloc.ZoneWatermarkOk(zone, zone.HighWmarkPages)));

        Assert.True(Kswapd(world) > 0);

        var balanced = alloc.Zones.Count(zone => alloc.ZoneWatermarkOk(zone, zone.HighWmarkPages));
        Assert.Equal(everyZone ? 2 : 1, balanced);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_11_kswapd_goes_round_again_until_the_zone_is_unreclaimable_and_then_sleeps_unbalanced(KernelEra era)
    {
        // Pinned pages: nothing is freed. loop_again starts every pass anew from DEF_PRIORITY
        // while the zone is short; once six times its LRU has been scanned since a page was last
        // freed into it, the zone is passed over below DEF_PRIORITY and end_zone finds none.
        var world = new ZoneWorld(era, Numa, cached: 160, pinned: true);
        var zone = world.Kernel.PageAlloc.Zones[0];

        Assert.Equal(0, Kswapd(world));

        Assert.True(world.Kernel.PageAlloc.PagesScanned(zone) >= 6 * 80);
        Assert.False(world.Kernel.PageAlloc.ZoneWatermarkOk(zone, zone.HighWmarkPages));
    }

    [Theory]
    [InlineData(KernelEra.V3_19, 0, 17)]
    [InlineData(KernelEra.V4_13, 16, 16)]
    [InlineData(KernelEra.V6_9, 16, 16)]
    public void From_4_11_a_node_whose_kswapd_failed_MAX_RECLAIM_RETRIES_runs_is_no_longer_balanced_by_it(KernelEra era, int failures, int runsThatScanned)
    {
        // Pinned pages: every run reclaims nothing. 4.11's kswapd_failures counts the runs, and
        // after 16 the wakeup does nothing ("Hopeless node, leave it to direct reclaim"); 3.19
        // balances on every wakeup.
        var world = new ZoneWorld(era, Numa, cached: 160, pinned: true);
        var scanning = 0;
        for (var run = 0; run < 17; run++)
        {
            Assert.Equal(0, Kswapd(world));

            // A run that goes round the loop passes the isolation's scheduling points.
            if (world.Runtime.OperationSteps > 0)
            {
                scanning++;
            }
        }

        Assert.Equal(failures, world.Kernel.Vmscan.KswapdFailures(0));
        Assert.Equal(runsThatScanned, scanning);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_11_a_run_that_reclaims_and_balances_the_node_clears_its_failures(KernelEra era)
    {
        // shrink_node resets kswapd_failures after any round that reclaimed (c73322d098e4, 4.11);
        // only a run that leaves before its first round (goto out) keeps the count as it was.
        var world = new ZoneWorld(era, Numa, cached: 160, pinned: true);
        for (var run = 0; run < 3; run++)
        {
            Assert.Equal(0, Kswapd(world));
        }

        Assert.Equal(3, world.Kernel.Vmscan.KswapdFailures(0));
        var zone = world.Kernel.PageAlloc.Zones[0];
        for (var index = 0; index < 160; index++)
        {
            if (world.Cache.Mapping.Pages.Load(index) is { } page && page.Zone == zone)
            {
                world.Kernel.Filemap.FolioPut(page); // the pin is dropped: reclaim may free it now
            }
        }

        Assert.True(Kswapd(world) > 0);
        Assert.True(world.Kernel.PageAlloc.ZoneWatermarkOk(zone, zone.HighWmarkPages));
        Assert.Equal(0, world.Kernel.Vmscan.KswapdFailures(0));
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_11_a_direct_reclaimer_that_reclaims_from_a_hopeless_node_revives_its_kswapd(KernelEra era)
    {
        // shrink_node resets kswapd_failures on progress whoever reclaims ("A successful direct
        // reclaim run will revive a dormant kswapd", c73322d098e4). Pinned pages: 16 runs fail
        // and the node is hopeless; unpinned, a direct reclaimer frees node 0's pages, and the
        // count is back at 0, so the next wakeup of its kswapd runs again.
        var world = new ZoneWorld(era, Numa, cached: 160, pinned: true);
        for (var run = 0; run < 16; run++)
        {
            Assert.Equal(0, Kswapd(world));
        }

        Assert.Equal(16, world.Kernel.Vmscan.KswapdFailures(0));
        var zone = world.Kernel.PageAlloc.Zones[0];
        foreach (var page in ZoneWorld.Pages(world.Cache).Where(page => page.Zone == zone).ToList())
        {
            world.Kernel.Filemap.FolioPut(page);
        }

        var freed = 0;
        world.Runtime.Run("direct reclaim", async () => freed = await world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel));
        Assert.True(freed > 0);
        Assert.Equal(0, world.Kernel.Vmscan.KswapdFailures(0));
    }
}
