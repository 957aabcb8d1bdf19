using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

public sealed class DirtyTests
{
    [Fact]
    public void A_buffered_write_dirties_the_page_with_a_new_version_tag_and_count()
    {
        var world = new World(pages: 2, dirty: false);
        var file = world.Kernel.Open(world.Inode);
        var before = world.Page(1).Version;

        world.Run(() => world.Filemap.GenericPerformWrite(file, 1));

        Assert.True(world.Page(1).Dirty);
        Assert.True(world.Page(1).Version > before);
        Assert.Equal(XaMark.Dirty, world.Marks(1));
        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
        world.AssertInvariants();
    }

    [Fact]
    public void A_write_past_eof_grows_the_file()
    {
        var world = new World(pages: 2, dirty: false);
        var file = world.Kernel.Open(world.Inode);

        world.Run(() => world.Filemap.GenericPerformWrite(file, 5));

        Assert.Equal(6, world.Inode.SizePages);
        Assert.True(world.Page(5).Dirty);
        world.AssertInvariants();
    }

    [Fact]
    public void Clear_page_dirty_for_io_leaves_the_dirty_tag_until_writeback_starts()
    {
        var world = new World(pages: 1);
        var page = world.Page(0);

        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            Assert.True(await world.Pw.ClearPageDirtyForIo(page));

            // Flag clear, tag still set: a concurrent DIRTY-tag walk can still find the page.
            Assert.False(page.Dirty);
            Assert.Equal(XaMark.Dirty, world.Marks(0));
            Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);

            await world.Pw.FolioStartWriteback(page);
            Assert.Equal(XaMark.Writeback, world.Marks(0));
            world.Filemap.FolioUnlock(page);
        });
        world.AssertInvariants();
    }

    [Fact]
    public void Clear_page_dirty_for_io_of_an_unlocked_page_is_a_kernel_bug()
    {
        var world = new World(pages: 1);

        var bug = Assert.Throws<Diagnostics.KernelBugException>(() => world.Run(() => world.Pw.ClearPageDirtyForIo(world.Page(0))));

        Assert.Contains("not locked", bug.Message);
    }

    [Fact]
    public void Redirtying_a_page_in_writepage_brings_flag_and_tag_back_together()
    {
        var world = new World(pages: 1);
        var page = world.Page(0);
        var wbc = WritebackControl.Integrity();

        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Pw.ClearPageDirtyForIo(page);
            await world.Pw.FolioRedirtyForWritepage(wbc, page);
            world.Filemap.FolioUnlock(page);
        });

        Assert.True(page.Dirty);
        Assert.Equal(1, wbc.PagesSkipped);
        world.AssertInvariants();
    }

    [Fact]
    public void A_write_fault_dirties_the_page_under_its_lock_since_3_19()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        var before = page.Version;

        world.Run(() => world.Kernel.Memory.WpPageShared(page));

        Assert.True(page.Dirty);
        Assert.True(page.Version > before);
        Assert.False(page.Locked);
        world.AssertInvariants();
    }

    [Fact]
    public void A_write_fault_on_a_truncated_page_does_nothing_since_3_19()
    {
        var world = new World(pages: 2, dirty: false);
        var page = world.Page(1);
        Mm.Filemap.FolioGet(page); // the mapping's pte holds a reference
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        world.Run(() => world.Kernel.Memory.WpPageShared(page));

        Assert.False(page.Dirty);
        world.AssertInvariants();
    }

    [Fact]
    public void Before_3_19_a_write_fault_whose_pte_truncate_zapped_leaves_the_page_alone()
    {
        // do_wp_page drops the pte lock around ->page_mkwrite and re-checks the pte after: gone
        // (truncate's unmap_mapping_range zapped it), so nothing is made writable or dirtied.
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_36 });
        var page = world.Page(1);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var pte = world.Kernel.Memory.MapPage(vma, page);
        Mm.Filemap.FolioGet(page); // the faulting thread found the pte: the page stays allocated
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        world.Run(() => world.Kernel.Memory.DoWpPage(vma, pte));

        Assert.False(page.Dirty);
        Assert.Null(page.Mapping);
        Assert.Null(vma.Lookup(1));
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
        world.AssertInvariants();
    }
}
