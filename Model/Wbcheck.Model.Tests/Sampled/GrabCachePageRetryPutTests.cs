using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_truncate_page's grab_cache_page (find_lock_page, 2.6.20; filemap_grab_folio, 6.9): a page
/// that left the file while the caller slept on its lock is unlocked and its reference dropped
/// (find_lock_page's "unlock_page(page); page_cache_release(page); goto repeat"), so the old page,
/// out of the file, is freed with that last reference, and, the most recently freed frame
/// (free_unref_page puts it at the head of the per-cpu list), is the one the retry's new page
/// gets. Without the put its frame would stay referenced by nobody, never freed.
/// </summary>
public sealed class GrabCachePageRetryPutTests
{
    [Fact]
    public void The_page_that_left_the_file_is_freed_when_grab_cache_page_looks_again()
    {
        var world = new World(pages: 2, dirty: false);
        var old = world.Page(1);
        var generation = old.Generation;
        world.Run(() => world.Filemap.FolioLock(old));

        // The lock holder removes the page from the file, then unlocks it: the page keeps only
        // grab_cache_page's reference.
        world.Runtime.Spawn("remover", async () =>
        {
            await world.Filemap.FilemapRemoveFolio(old);
            world.Filemap.FolioUnlock(old);
        });
        world.Runtime.RunPendingWhenBlocked = true;

        world.Run(() => world.Fs.SetattrSize(world.Inode, Page.PageSize + 512));

        // The old frame was freed and handed out again as the new page 1: a new generation, the
        // page cache's one reference, and no frame left over.
        Assert.Same(old, world.Page(1));
        Assert.Equal((generation + 1, 1, false), (old.Generation, old.RefCount, old.Freed));
        Assert.Equal(0, world.Kernel.PageAlloc.FreeCount);
    }
}
