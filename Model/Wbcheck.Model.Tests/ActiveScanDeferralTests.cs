using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The active list's scan count before 3.0 is deferred as the inactive list's is: 2.6.20's
/// shrink_zone adds (NR_ACTIVE &gt;&gt; priority) + 1 a round to zone-&gt;nr_scan_active and scans
/// only once that reaches swap_cluster_max; 2.6.28's split LRU does the same with
/// zone-&gt;lru[l].nr_scan for global reclaim, and scans a memcg's count at once; from 2.6.31
/// nr_scan_try_batch defers every list, a memcg's in its own saved count. The world: one clean
/// inactive page (0) and two clean active ones (1, 2), unmapped, in one zone; each call is one
/// direct reclaim (or memcg limit reclaim) priority loop, which frees nothing it could count
/// towards SWAP_CLUSTER_MAX and so runs every round, DEF_PRIORITY down to 0.
/// </summary>
public sealed class ActiveScanDeferralTests
{
    private const int MaxCalls = 40;

    private static World ThreePages(KernelEra era)
    {
        var world = new World(pages: 3, dirty: false, config: new KernelConfig { Era = era });
        world.Page(1).Active = true;
        world.Page(2).Active = true;
        return world;
    }

    /// <summary>
    /// How many calls of <paramref name="reclaim"/> it takes to bring page 1 or page 2 off the
    /// active list (deactivated, or deactivated and freed by the same call): the first call that
    /// scans the active list.
    /// </summary>
    private static int CallsUntilTheActiveListIsScanned(World world, Func<ValueTask<int>> reclaim)
    {
        Page[] active = [world.Page(1), world.Page(2)];
        for (var calls = 1; calls <= MaxCalls; calls++)
        {
            world.Run(reclaim);
            if (active.Any(page => !page.Active || world.Mapping.Pages.Load(page.Index) != page))
            {
                return calls;
            }
        }

        return int.MaxValue;
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, 2)]
    [InlineData(KernelEra.V2_6_29, 11)]
    [InlineData(KernelEra.V2_6_36, 11)]
    [InlineData(KernelEra.V3_19, 1)]
    [InlineData(KernelEra.V6_9, 1)]
    public void Before_3_0_a_small_zone_s_active_list_is_scanned_once_its_deferred_count_reaches_a_batch(KernelEra era, int calls)
    {
        // 2.6.20 adds (2 >> priority) + 1 a round: one at each of priorities 12 to 2 (eleven), two
        // at priority 1 and three at priority 0, 16 a call; the second call's round at priority 0 brings it to 32 and scans
        // both (refill_inactive_zone gives unmapped pages back). 2.6.29 and 2.6.36 add 2 >> priority
        // alone, 1 + 2 a call: the eleventh call's round at priority 0 brings it to 33. Their
        // inactive page's count (1 a call after 2.6.20, 14 in 2.6.20) never reaches a batch
        // first. From 3.0 nothing is deferred: the first call scans the active list at priority 1.
        // Scanned at once, as the model did before, every era deactivates in the first call.
        var world = ThreePages(era);
        var zone = world.Page(0).Zone;
        Assert.NotNull(zone);

        Assert.Equal(calls, CallsUntilTheActiveListIsScanned(world, () => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel)));
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 1)]
    [InlineData(KernelEra.V2_6_36, 11)]
    public void A_memcg_s_active_count_is_taken_at_once_in_2_6_29_and_deferred_in_its_own_saved_count_in_2_6_36(KernelEra era, int calls)
    {
        // 2.6.29's shrink_zone: "else nr[l] = scan" for memcg reclaim, every list. 2.6.36's
        // get_scan_count: nr_scan_try_batch on get_reclaim_stat(zone, sc), the memcg's own
        // nr_saved_scan[l] (the same arithmetic as global reclaim's above: eleven calls).
        var world = ThreePages(era);
        var memcg = new MemCgroup("job", 3) { HardLimit = true };
        memcg.Charge(world.Mapping);

        Assert.Equal(calls, CallsUntilTheActiveListIsScanned(world, () => world.Kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel)));
    }

    [Fact]
    public void In_2_6_36_memcg_reclaim_leaves_the_zone_s_saved_active_count_alone()
    {
        // Ten memcg reclaims bring the memcg's own count to 30, not the zone's: global reclaim
        // then needs its own eleven calls.
        var world = ThreePages(KernelEra.V2_6_36);
        var memcg = new MemCgroup("job", 3) { HardLimit = true };
        memcg.Charge(world.Mapping);
        for (var i = 0; i < 10; i++)
        {
            world.Run(() => world.Kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel));
        }

        Assert.True(world.Page(1).Active);
        var zone = world.Page(0).Zone;
        Assert.NotNull(zone);
        Assert.Equal(11, CallsUntilTheActiveListIsScanned(world, () => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel)));
    }
}
