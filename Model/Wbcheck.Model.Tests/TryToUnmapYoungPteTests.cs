using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Reclaim's try_to_unmap_one meets a pte made young after reclaim's reference check: until 5.10
/// it fails the unmap (SWAP_FAIL), clearing the bit, and shrink_page_list activates the page
/// still mapped; from 5.11 (013339df116c) it unmaps it (ReclaimEras.TryToUnmapFailsOnYoungPte).
/// </summary>
public sealed class TryToUnmapYoungPteTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, true)]
    [InlineData(KernelEra.V5_0, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_pte_made_young_while_reclaim_spins_for_the_pte_lock_fails_the_unmap_until_5_10(KernelEra era, bool fails)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, page);
        Assert.False(page.Referenced); // a read fault's pte: not young, so reclaim's check passes

        // Another thread holds the pte lock when reclaim comes to unmap the page; while reclaim
        // spins, a load through the pte, still present, sets its young bit.
        vma.PtlHeld = true;
        world.Runtime.RunPendingWhenBlocked = true;
        world.Runtime.Spawn("load", () =>
        {
            page.Referenced = true;
            world.Kernel.Memory.PteUnlock(vma);
            return Task.CompletedTask;
        });

        Filemap.FolioGet(page); // isolation
        var result = world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd: true));

        Assert.False(page.Referenced); // tested and cleared (ptep_clear_flush_young), or gone with the pte
        if (fails)
        {
            Assert.Equal(ReclaimResult.Activated, result);
            Assert.True(page.Active);
            Assert.Same(page, vma.Lookup(0)?.Page);
        }
        else
        {
            Assert.Equal(ReclaimResult.Freed, result);
            Assert.Null(vma.Lookup(0));
        }
    }
}
