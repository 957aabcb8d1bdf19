using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Global direct reclaim runs with the allocation's gfp mask (try_to_free_pages' gfp_mask into
/// scan_control): a GFP_NOFS allocation's reclaim has no may_enter_fs, so shrink_page_list keeps
/// a dirty page instead of calling -&gt;writepage (2.6.20 to 2.6.36), and 2.5.31's shrink_cache
/// does not hand its mapping to -&gt;vm_writeback. GFP_KERNEL writes in those eras. From 3.2
/// direct reclaim writes no filesystem page whatever its mask (ee72886d8ed5).
/// </summary>
public sealed class DirectReclaimGfpTests
{
    private const int Pages = 32;

    /// <summary>
    /// Direct reclaim over a zone of dirty pages with <paramref name="gfp"/>; returns how many it
    /// started writing, cleaned or freed. A batch's worth of pages, so that the deferred scan
    /// counts of 2.6.20 to 2.6.36 come due within one priority loop.
    /// </summary>
    private static int PagesWrittenByDirectReclaim(KernelEra era, Gfp gfp, Faults? faults = null)
    {
        var world = new World(pages: Pages, config: new KernelConfig { Era = era, Faults = faults ?? Faults.None });
        world.Runtime.RunPendingWhenBlocked = true;
        var zone = world.Page(0).Zone;
        Assert.NotNull(zone);

        world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], gfp));

        // A page written and already freed is gone from the cache: count it as written too.
        return Enumerable.Range(0, Pages).Count(index => world.Mapping.Pages.Load(index) is not { Dirty: true, Writeback: false });
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void A_gfp_nofs_allocation_s_direct_reclaim_writes_no_dirty_page_where_a_gfp_kernel_one_does(KernelEra era)
    {
        Assert.True(PagesWrittenByDirectReclaim(era, Gfp.Kernel) > 0);
        Assert.Equal(0, PagesWrittenByDirectReclaim(era, Gfp.NoFs));
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_3_2_direct_reclaim_writes_no_filesystem_page_whatever_its_mask(KernelEra era)
    {
        Assert.Equal(0, PagesWrittenByDirectReclaim(era, Gfp.Kernel));
        Assert.Equal(0, PagesWrittenByDirectReclaim(era, Gfp.NoFs));
    }

    [Fact]
    public void With_the_mask_ignored_a_gfp_nofs_allocation_s_reclaim_writes_again()
    {
        Assert.True(PagesWrittenByDirectReclaim(KernelEra.V2_6_20, Gfp.NoFs, new Faults { DirectReclaimIgnoresGfp = true }) > 0);
    }
}
