using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// kswapd judges a zone balanced by zone_watermark_ok(zone, 0, high_wmark_pages(zone),
/// classzone_idx, 0): free pages over the high watermark plus lowmem_reserve[classzone_idx],
/// which for a zone that is its own classzone (the one zone of a NUMA node here) is 0. So a node
/// whose zone has one free page more than its high watermark is balanced, and its kswapd reclaims
/// nothing, in every era's loop (2.5.31's need_balance, end_zone, pgdat_balanced).
/// </summary>
public sealed class KswapdBalancedEdgeTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_node_one_page_over_its_high_watermark_is_balanced_and_its_kswapd_reclaims_nothing(KernelEra era)
    {
        // KswapdBalanceTests' machine (high watermark 24 of each node's 100 pages): 75 cached
        // pages, all on node 0 (the set-up allocates there first), leave it 25 free.
        var world = new ZoneWorld(era, Numa, cached: 75);
        var alloc = world.Kernel.PageAlloc;
        var zone = alloc.Zones[0];
        Assert.Equal(0, zone.LowmemReserve);
        Assert.Equal(zone.HighWmarkPages + 1, (long)world.Kernel.Throttle.ZoneCounters(zone).Free);

        var reclaimed = -1;
        world.Runtime.Run("kswapd", async () => reclaimed = await world.Kernel.Vmscan.Kswapd(0));

        Assert.Equal(0, reclaimed);
        Assert.Equal(75, world.PagesIn(world.Cache, zone));
    }
}
