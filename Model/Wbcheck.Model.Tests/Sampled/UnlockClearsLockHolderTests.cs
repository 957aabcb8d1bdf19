namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A page lock's holder is what a deadlock report names for a thread asleep on it: once the page
/// is unlocked nobody holds it, and a waiter that never wakes then is reported as a missed
/// wake-up, not as waiting on the thread that held it last.
/// </summary>
public sealed class UnlockClearsLockHolderTests
{
    [Fact]
    public void An_unlocked_page_has_no_lock_holder()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);

        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            Assert.Same(world.Runtime.Current, page.LockQueue.Holder);
            world.Filemap.FolioUnlock(page);
        });

        Assert.False(page.Locked);
        Assert.Null(page.LockQueue.Holder);
    }
}
