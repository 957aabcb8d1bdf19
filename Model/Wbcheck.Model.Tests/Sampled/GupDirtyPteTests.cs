namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// follow_page_pte (mm/gup.c 6.9; follow_page 2.6.20) with FOLL_WRITE | FOLL_TOUCH: "if
/// ((flags &amp; FOLL_WRITE) &amp;&amp; !pte_dirty(pte) &amp;&amp; !PageDirty(page)) set_page_dirty(page)".
/// A writable pte that is still clean over a clean page gets the page dirtied at once; a page
/// whose pte is already dirty is left to the pte: PG_dirty is not set, the dirtiness reaches
/// the page when page_mkclean or the unmap finds the dirty pte.
/// </summary>
public sealed class GupDirtyPteTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_behind_a_dirty_pte_is_not_dirtied_by_the_lookup(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        pte.Write = true;
        pte.Dirty = true; // a store through the pte, not yet moved into PG_dirty

        var page = world.Run(() => world.Kernel.Gup.GetUserPages(vma, 0));

        Assert.Same(world.Page(0), page);
        Assert.False(world.Page(0).Dirty);
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_behind_a_clean_writable_pte_is_dirtied_by_the_lookup(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));
        pte.Write = true;

        world.Run(() => world.Kernel.Gup.GetUserPages(vma, 0));

        Assert.True(world.Page(0).Dirty);
        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
    }
}
