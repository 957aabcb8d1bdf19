using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// get_scan_count's force_scan (3.19: memcg limit reclaim, kswapd on a zone no longer
/// reclaimable): only when no evictable list has a count at the priority (3.16's second pass,
/// 6f04f48dc9c0), and then on every list, the active one as the inactive; none from 4.11.
/// </summary>
public sealed class ForceScanTests
{
    /// <summary>A world of <paramref name="inactive"/> inactive and <paramref name="active"/> active clean pages.</summary>
    private static World Lists(KernelEra era, int inactive, int active)
    {
        var world = new World(inactive + active, dirty: false, new KernelConfig { Era = era });
        for (var index = inactive; index < inactive + active; index++)
        {
            world.Page(index).Active = true;
        }

        return world;
    }

    private static (long Inactive, long Active) MemcgScanCount(World world, int priority)
    {
        var memcg = new MemCgroup("job", 1 << 20) { HardLimit = true };
        memcg.Charge(world.Mapping);
        var sc = new ScanControl { TargetMemCgroup = memcg, Priority = priority };
        return world.Kernel.Vmscan.GetScanCount(world.Page(0).Zone!, sc);
    }

    [Theory]
    [InlineData(KernelEra.V3_19, 10, 30)]
    [InlineData(KernelEra.V4_13, 0, 0)]
    [InlineData(KernelEra.V6_9, 0, 0)]
    public void Memcg_reclaim_forces_both_lists_of_a_small_memcg_in_3_19_and_neither_from_4_11(KernelEra era, long inactive, long active)
    {
        // 10 inactive and 30 active pages: 0 for each at DEF_PRIORITY, so 3.19 forces each to
        // min(size, SWAP_CLUSTER_MAX); the active list too, which a force of the inactive list
        // alone left unscanned until the priority fell to 4.
        var world = Lists(era, inactive: 10, active: 30);

        Assert.Equal((inactive, active), MemcgScanCount(world, priority: 12));
    }

    [Fact]
    public void Memcg_reclaim_forces_nothing_in_3_19_when_the_active_list_has_a_count()
    {
        // 70 active pages give 70 >> 6 = 1 at priority 6: the first pass found a list to scan,
        // so there is no second pass, and the 10 inactive pages (10 >> 6 = 0) wait.
        var world = Lists(KernelEra.V3_19, inactive: 10, active: 70);

        Assert.Equal((0L, 1L), MemcgScanCount(world, priority: 6));
    }

    [Theory]
    [InlineData(true, 4, 20)]
    [InlineData(false, 0, 0)]
    public void Kswapd_forces_both_lists_of_a_zone_no_longer_reclaimable_in_3_19(bool unreclaimable, long inactive, long active)
    {
        var world = Lists(KernelEra.V3_19, inactive: 4, active: 20);
        var zone = world.Page(0).Zone!;
        if (unreclaimable)
        {
            // pages_scanned at six times the zone's file LRU: zone_reclaimable says no.
            var pages = Enumerable.Range(0, 24).Select(index => world.Page(index)).ToList();
            for (var round = 0; round < 6; round++)
            {
                world.Kernel.PageAlloc.CountPagesScanned(pages);
            }
        }

        Assert.Equal(!unreclaimable, world.Kernel.PageAlloc.ZoneReclaimable(zone));
        var sc = new ScanControl { Kswapd = true, Priority = 12 };
        Assert.Equal((inactive, active), world.Kernel.Vmscan.GetScanCount(zone, sc));
    }

    [Fact]
    public void Global_direct_reclaim_is_not_forced_in_3_19()
    {
        var world = Lists(KernelEra.V3_19, inactive: 10, active: 30);

        Assert.Equal((0L, 0L), world.Kernel.Vmscan.GetScanCount(world.Page(0).Zone!, new ScanControl { Priority = 12 }));
    }
}
