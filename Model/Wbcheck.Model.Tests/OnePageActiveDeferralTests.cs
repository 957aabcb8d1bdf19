using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The race scenarios' one-page batch (<see cref="Vmscan.ReclaimOne"/>) scans the active list
/// only in the calls whose deferred active count came due, before 3.0: each call stands for a
/// round of shrink_zone in which the zone's inactive count came due, and deposits the active
/// list's growth over such a round's worth of the priority loop (SWAP_CLUSTER_MAX * A / I) in
/// the zone's saved active count (nr_scan_try_batch). The world: four clean inactive pages, each
/// pinned by an extra reference so that reclaim keeps it (the lists keep their sizes), and two
/// clean, unmapped active ones, which the active scan deactivates.
/// </summary>
public sealed class OnePageActiveDeferralTests
{
    private const int MaxCalls = 10;

    private static int CallsUntilTheActiveListIsScanned(KernelEra era, int inactive, int active)
    {
        var world = new World(pages: inactive + active, dirty: false, config: new KernelConfig { Era = era });
        for (var index = 0; index < inactive; index++)
        {
            Assert.NotNull(world.Page(index).Zone);
            Filemap.FolioGet(world.Page(index)); // a reference nobody drops: reclaim keeps the page
        }

        var activePages = Enumerable.Range(inactive, active).Select(index => world.Page(index)).ToList();
        foreach (var page in activePages)
        {
            page.Active = true;
        }

        for (var calls = 1; calls <= MaxCalls; calls++)
        {
            var reclaimed = world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: true));
            Assert.Equal(ReclaimResult.Kept, reclaimed!.Value.Result);
            if (activePages.Any(page => !page.Active))
            {
                return calls;
            }
        }

        return int.MaxValue;
    }

    [Theory]
    // 2.6.20: A = 13 ones + (2 + 1) = 16, I = 13 + (4 + 2 + 1) = 20: 25 a call, due at the second.
    [InlineData(KernelEra.V2_6_20, 2)]
    // 2.6.29: A = 2 + 1 = 3, I = 4 + 2 + 1 = 7: 13 a call, due at the third.
    [InlineData(KernelEra.V2_6_29, 3)]
    public void Before_3_0_a_smaller_active_list_is_scanned_only_when_its_deferred_count_comes_due(KernelEra era, int calls)
    {
        // Scanned at once, as the model did before, the first call deactivates a page.
        Assert.Equal(calls, CallsUntilTheActiveListIsScanned(era, inactive: 4, active: 2));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void An_active_list_larger_than_the_inactive_one_is_scanned_every_call(KernelEra era)
    {
        // A >= I: each call deposits SWAP_CLUSTER_MAX or more; from 3.0 nothing is deferred (and
        // from 2.6.31 the inactive list, two pages against four, is low).
        Assert.Equal(1, CallsUntilTheActiveListIsScanned(era, inactive: 2, active: 4));
    }

    [Fact]
    public void The_one_page_batch_deposits_in_the_zone_s_saved_count_the_priority_loop_shares()
    {
        // Six direct reclaim calls on 2.6.29 bring the zone's saved active count to 18 (2 >> 1 and
        // 2 >> 0 a call), scanning nothing. The one-page calls add 13 each: 31, then 44, due at
        // the second, where alone they would be due at the third (above).
        var world = new World(pages: 6, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        for (var index = 0; index < 4; index++)
        {
            Filemap.FolioGet(world.Page(index));
        }

        world.Page(4).Active = true;
        world.Page(5).Active = true;
        var zone = world.Page(0).Zone;
        Assert.NotNull(zone);
        for (var call = 0; call < 6; call++)
        {
            world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel));
        }

        Assert.True(world.Page(4).Active && world.Page(5).Active);
        world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: true));
        Assert.True(world.Page(4).Active && world.Page(5).Active);

        world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: true));
        Assert.False(world.Page(4).Active && world.Page(5).Active);
    }
}
