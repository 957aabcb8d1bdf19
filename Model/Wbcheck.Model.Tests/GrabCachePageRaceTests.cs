using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// grab_cache_page (find_lock_page, 2.6.20; filemap_grab_folio, 6.9) as block_truncate_page
/// calls it: the page it found may leave the file while it sleeps for the page lock (truncate or
/// reclaim holding the lock removes it). It then unlocks the page, drops the reference it took,
/// and looks again, creating a new page; the old one, its last reference gone, is freed unlocked.
/// </summary>
public sealed class GrabCachePageRaceTests
{
    [Fact]
    public void A_page_removed_while_grab_cache_page_waits_for_its_lock_is_unlocked_freed_and_replaced()
    {
        var world = new World(pages: 2, dirty: false);
        var old = world.Page(1);
        var removed = false;
        world.Run(() => world.Filemap.FolioLock(old));

        // The lock holder takes the page out of the file and unlocks it once block_truncate_page
        // sleeps on the lock; the page is left with one reference, grab_cache_page's.
        world.Runtime.Spawn("remover", async () =>
        {
            await world.Filemap.FilemapRemoveFolio(old);
            Assert.Equal((1, null), (old.RefCount, old.Mapping));
            removed = true;
            world.Filemap.FolioUnlock(old);
        });
        world.Runtime.RunPendingWhenBlocked = true;

        // Freeing the page while still locked would be free_page_is_bad's "freed while locked".
        world.Run(() => world.Fs.SetattrSize(world.Inode, Page.PageSize + 512));

        Assert.True(removed);
        var replacement = world.Page(1);
        Assert.Equal((1, false, true, true), (replacement.RefCount, replacement.Locked, replacement.Uptodate, replacement.Dirty));
        Assert.Equal(512, replacement.ZeroFrom);
    }
}
