using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// get_user_pages(FOLL_WRITE) of a shared file mapping and the release of the page it pins
/// (mm/gup.c follow_page_pte and faultin_page, 6.9; set_page_dirty_lock): a read-only pte is
/// write-faulted first, the pte is followed under the pte lock, and the page is dirtied under
/// its page lock when it is released, the reference dropped.
/// </summary>
public sealed class GupTests
{
    private static (World World, PageTable Vma, Page Page) Mapped()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, page);
        return (world, vma, page);
    }

    [Fact]
    public void A_read_only_pte_is_write_faulted_before_the_page_is_taken()
    {
        var (world, vma, page) = Mapped();
        var references = page.RefCount;
        Assert.False(vma.Lookup(0)!.Write);

        var pinned = world.Run(() => world.Kernel.Gup.GetUserPages(vma, 0));

        Assert.Same(page, pinned);
        Assert.True(vma.Lookup(0)!.Write);
        Assert.True(page.Dirty);
        Assert.Equal(references + 1, page.RefCount);
        Assert.False(vma.PtlHeld);
        world.AssertInvariants();
    }

    [Fact]
    public void The_pte_is_followed_under_the_pte_lock()
    {
        var (world, vma, _) = Mapped();
        vma.PtlHeld = true; // another CPU's fault or zap holds it

        Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Gup.GetUserPages(vma, 0)));
    }

    [Fact]
    public void Set_page_dirty_lock_dirties_the_pinned_page_under_its_lock_and_drops_the_reference()
    {
        var (world, vma, page) = Mapped();
        var pinned = world.Run(() => world.Kernel.Gup.GetUserPages(vma, 0))!;
        var references = page.RefCount;
        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Pw.ClearPageDirtyForIo(page); // writeback cleaned it meanwhile
            world.Filemap.FolioUnlock(page);
        });
        Assert.False(page.Dirty);
        var version = page.Version;

        world.Run(() => world.Kernel.Gup.SetPageDirtyLock(pinned));

        // The device's data is in the page, a version fsync now owes the disk, and the page is dirty.
        Assert.True(page.Version > version);
        Assert.Equal(page.Version, page.CommittedVersion);
        Assert.True(page.Dirty);
        Assert.False(page.Locked);
        Assert.Equal(references - 1, page.RefCount);
    }
}
