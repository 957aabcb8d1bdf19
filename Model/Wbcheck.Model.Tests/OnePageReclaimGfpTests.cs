using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The race scenarios' one-page reclaimer (<see cref="Vmscan.ReclaimOne"/>) takes its direct
/// reclaimer's allocation mask as try_to_free_pages does: without __GFP_FS (GFP_NOFS, a
/// filesystem allocating under its own locks) shrink_page_list has no may_enter_fs, so it keeps
/// a dirty page rather than call -&gt;writepage (2.6.20 to 2.6.36) and 2.5.31's shrink_cache
/// neither waits on a page under writeback nor hands the mapping to -&gt;vm_writeback. kswapd
/// reclaims with GFP_KERNEL whatever its caller passes.
/// </summary>
public sealed class OnePageReclaimGfpTests
{
    private static World DirtyPage(KernelEra era, Faults? faults = null) =>
        new(pages: 1, config: new KernelConfig { Era = era, Faults = faults ?? Faults.None });

    /// <summary>Whether one-page reclaim with <paramref name="gfp"/> started writing (or wrote) the dirty page.</summary>
    private static bool Wrote(KernelEra era, Gfp gfp, bool kswapd = false, Faults? faults = null)
    {
        var world = DirtyPage(era, faults);
        world.Runtime.RunPendingWhenBlocked = true;
        var page = world.Page(0);

        world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd, gfp));

        world.AssertInvariants();
        return page.Writeback || !page.Dirty;
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void A_gfp_nofs_direct_reclaimer_does_not_write_the_dirty_page_a_gfp_kernel_one_writes(KernelEra era)
    {
        Assert.True(Wrote(era, Gfp.Kernel));
        Assert.False(Wrote(era, Gfp.NoFs));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    public void Kswapd_reclaims_with_gfp_kernel_whatever_its_caller_passes(KernelEra era)
    {
        Assert.True(Wrote(era, Gfp.NoFs, kswapd: true));
    }

    [Fact]
    public void With_the_mask_ignored_a_gfp_nofs_direct_reclaimer_writes_again()
    {
        Assert.True(Wrote(KernelEra.V2_6_20, Gfp.NoFs, faults: new Faults { DirectReclaimIgnoresGfp = true }));
    }

    [Theory]
    [InlineData(Gfp.Kernel, false)]
    [InlineData(Gfp.NoFs, true)]
    public void In_2_5_31_only_a_reclaimer_with_gfp_fs_waits_for_a_page_under_writeback(Gfp gfp, bool stillUnderWriteback)
    {
        var world = DirtyPage(KernelEra.V2_5);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        var page = world.Page(0);
        Assert.True(page.Writeback);
        world.Runtime.RunPendingWhenBlocked = true;

        Assert.Equal(ReclaimResult.Kept, world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: false, gfp))!.Value.Result);

        Assert.Equal(stillUnderWriteback, page.Writeback);
        Assert.Equal(stillUnderWriteback ? 1 : 0, world.Kernel.Device.InFlight);
    }
}
