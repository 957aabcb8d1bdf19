using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests;

/// <summary>
/// ISOLATE_CLEAN (3.2 to 4.10, the model's 3.19): a reclaimer that may not write takes no dirty
/// page and no page under writeback off the LRU at all.
/// </summary>
public sealed class IsolateCleanTests
{
    private static World LaptopWorld(KernelEra era, bool dirty = true) =>
        new(pages: 1, dirty: dirty, config: new KernelConfig { Era = era, Sysctls = VmSysctls.V2_6_20Default with { LaptopMode = 500 } });

    [Theory]
    [InlineData(KernelEra.V2_6_36, ReclaimResult.Kept)]
    [InlineData(KernelEra.V3_19, ReclaimResult.NotIsolated)]
    [InlineData(KernelEra.V4_13, ReclaimResult.Kept)]
    public void Direct_reclaim_in_laptop_mode_passes_over_a_dirty_page_only_from_3_2_to_4_10(KernelEra era, ReclaimResult result)
    {
        var world = LaptopWorld(era);
        var page = world.Page(0);
        page.Referenced = true;

        var reclaimed = world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: false));

        Assert.Equal(result, reclaimed!.Value.Result);
        // Passed over, the page was never looked at: its young bit is still there for the next scan.
        Assert.Equal(result == ReclaimResult.NotIsolated, page.Referenced);
        Assert.Equal(1, page.RefCount);
        Assert.True(page.Dirty);
        Assert.False(page.Reclaim);
        world.AssertInvariants();
    }

    [Fact]
    public void A_page_under_writeback_is_passed_over_too()
    {
        var world = LaptopWorld(KernelEra.V3_19);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        Assert.True(world.Page(0).Writeback);

        Assert.Equal(ReclaimResult.NotIsolated, world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: false))!.Value.Result);
    }

    [Fact]
    public void Direct_reclaim_in_laptop_mode_still_frees_a_clean_page()
    {
        var world = LaptopWorld(KernelEra.V3_19, dirty: false);

        Assert.Equal(ReclaimResult.Freed, world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: false))!.Value.Result);
    }

    [Fact]
    public void Outside_laptop_mode_direct_reclaim_isolates_a_dirty_page_and_keeps_it()
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V3_19 });
        world.Page(0).Referenced = true;

        // Kept for its young bit (page_check_references: PAGEREF_KEEP the first time).
        Assert.Equal(ReclaimResult.Kept, world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: false))!.Value.Result);
        Assert.False(world.Page(0).Referenced);
    }

    [Fact]
    public void Direct_reclaim_from_the_allocator_in_laptop_mode_takes_a_small_zone_s_dirty_page_once_its_loop_raises_may_writepage()
    {
        // One page: the priority loop scans it only at priority 0 (1 >> priority is 0 above).
        // do_try_to_free_pages has set sc.may_writepage after its round at priority 9 (below
        // DEF_PRIORITY - 2, "even in laptop mode"), so ISOLATE_CLEAN no longer passes the dirty
        // page over: it is isolated and its young bit keeps it (PAGEREF_KEEP).
        var world = LaptopWorld(KernelEra.V3_19);
        var page = world.Page(0);
        var zone = page.Zone;
        Assert.NotNull(zone);
        page.Referenced = true;

        Assert.Equal(0, world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel)));

        Assert.False(page.Referenced);
        Assert.Equal(1, page.RefCount);
        Assert.True(page.Dirty);
    }
}
