using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// shrink_folio_list after pageout returned PAGE_SUCCESS (mm/vmscan.c, 6.9): "if
/// (folio_test_writeback(folio)) goto keep; if (folio_test_dirty(folio)) goto keep; ... if
/// (!folio_trylock(folio)) goto keep; if (folio_test_dirty(folio) || folio_test_writeback(folio))
/// goto keep_locked;". A page still under I/O or dirty again is kept without touching its lock; a
/// page -&gt;writepage cleaned at once is locked again and freed in the same pass.
/// </summary>
public sealed class ReclaimAfterPageoutTests
{
    [Fact]
    public void A_page_pageout_leaves_under_writeback_is_kept_without_trying_its_lock()
    {
        var runtime = new RecordingRuntime();
        var kernel = new Kernel(runtime);
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        Filemap.FolioGet(page); // isolation

        // The first meeting marks the page (4.11); the second writes it.
        runtime.Inner.Run("kswapd", async () => await kernel.Vmscan.ShrinkFolio(page));
        Filemap.FolioGet(page); // isolation
        var result = ReclaimResult.Freed;
        runtime.Inner.Run("kswapd", async () => result = await kernel.Vmscan.ShrinkFolio(page));

        Assert.Equal(ReclaimResult.Kept, result);
        Assert.True(page.Writeback && !page.Locked);

        // One trylock a pass: the isolation's, before pageout. The page under I/O is not tried again.
        Assert.Equal(2, runtime.Count(kernel.Names.TrylockPage, page.Index));
    }

    [Fact]
    public void A_page_writepage_finds_past_eof_is_locked_again_and_freed_in_the_same_pass()
    {
        // Truncate has set i_size (truncate_setsize) but not yet removed page 1: block_write_full_page
        // unlocks it and returns 0 without I/O ("the page may have dirty, unmapped buffers"), so it
        // comes back from pageout clean and not under writeback.
        var world = new World(pages: 2);
        world.Inode.SizePages = 1;
        var page = world.Page(1);
        KswapdFirstMeeting.Meet(world, page);
        Filemap.FolioGet(page); // isolation

        Assert.Equal(ReclaimResult.Freed, world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page)));

        Assert.True(page.Freed);
        Assert.Null(world.Mapping.Pages.Load(1));
        Assert.False(world.Page(0).Freed);
        world.AssertInvariants();
    }
}
