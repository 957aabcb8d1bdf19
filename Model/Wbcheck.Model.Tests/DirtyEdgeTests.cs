using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Two edges of the dirtying paths that no property can tell apart, pinned here (the mutation
/// check's last survivors in PageWriteback.Dirty.cs, docs/mutation.md): a page that left its
/// mapping while pinned, and folio_clear_dirty_for_io of a mapped page that nothing dirtied.
/// </summary>
public sealed class DirtyEdgeTests
{
    /// <summary>
    /// noop_dirty_folio: a page truncate took out of the file while get_user_pages held it gets
    /// PG_dirty and nothing else (no count, no tag, no dirty inode), and only the caller that set
    /// the bit is told it dirtied the page.
    /// </summary>
    [Fact]
    public void A_page_truncated_while_pinned_gets_only_its_flag_when_dirtied()
    {
        var world = new World(pages: 2, dirty: false);
        var page = world.Page(1);
        Filemap.FolioGet(page); // the pin: truncate takes the page out of the file but cannot free it
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));
        Assert.Null(page.Mapping);

        var first = world.Run(() => world.Pw.FolioMarkDirty(page));
        var second = world.Run(() => world.Pw.FolioMarkDirty(page));

        Assert.True(first);
        Assert.False(second);
        Assert.True(page.Dirty);
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
        Assert.Equal(0, world.Kernel.Vmstat.NrDirtied);
        Assert.Null(world.Mapping.Pages.Load(1));
        world.AssertInvariants();
    }

    /// <summary>
    /// folio_clear_dirty_for_io of a clean page whose pte is clean: page_mkclean cleaned no pte,
    /// so nothing is redirtied, and the call says there was nothing to write. A walker that calls
    /// it without looking at PG_dirty first (reclaim's range writeout of a neighbour, the partial
    /// pages' second walk) relies on that to skip the page.
    /// </summary>
    [Fact]
    public void Clear_page_dirty_for_io_of_a_clean_mapped_page_writes_nothing()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, page);

        var cleaned = world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            var cleaned = await world.Pw.ClearPageDirtyForIo(page);
            world.Filemap.FolioUnlock(page);
            return cleaned;
        });

        Assert.False(cleaned);
        Assert.False(page.Dirty);
        Assert.Equal(XaMark.None, world.Marks(0));
        Assert.Equal(0, world.Kernel.Vmstat.NrDirtied);
        world.AssertInvariants();
    }

    /// <summary>
    /// folio_clear_dirty_for_io of a page whose pte alone is dirty: page_mkclean cleans the pte
    /// and reports it, the page is dirtied from it (accounted and tagged) and cleared for the I/O,
    /// so the data stored through the pte is written now ("we tell the low-level filesystem to
    /// mark the whole folio dirty if it was dirty in a pagetable").
    /// </summary>
    [Fact]
    public void Clear_page_dirty_for_io_writes_a_page_whose_pte_alone_is_dirty()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, page, stored: true);
        Assert.False(page.Dirty);

        var cleaned = world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            var cleaned = await world.Pw.ClearPageDirtyForIo(page);
            world.Filemap.FolioUnlock(page);
            return cleaned;
        });

        Assert.True(cleaned);
        Assert.False(page.Dirty);
        Assert.False(pte.Dirty);
        Assert.False(pte.Write);
        Assert.Equal(XaMark.Dirty, world.Marks(0));
        Assert.Equal(1, world.Kernel.Vmstat.NrDirtied);
    }
}
