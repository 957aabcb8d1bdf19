using Wbcheck.Model.Fs;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_writeback of 3.x with for_kupdate takes the expire cut-off afresh on every pass of its loop
/// ("oldest_jif = jiffies - msecs_to_jiffies(dirty_expire_interval * 10)"): an inode whose data
/// grows old while kupdate is writing is written by the same run, not left to the next.
/// </summary>
public sealed class KupdateFreshCutoffTests
{
    [Fact]
    public void An_inode_that_expires_during_a_kupdate_run_is_written_by_it()
    {
        // 3.19 era, dirty_expire_interval 3000 jiffies. The first file is dirtied at 0, the
        // second at 10; kupdate runs at 3005 (cut-off 5): only the first is old.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        var old = world.AddFile(dirty: 1);
        world.Kernel.Timers.Advance(10);
        var young = world.AddFile(dirty: 1);
        world.Kernel.Timers.Advance(2995);

        // The first file's page is locked by another thread: kupdate's lock_page sleeps, and
        // while it sleeps 10 jiffies pass before the holder unlocks it.
        var page = old.Mapping.Pages.Load(0)!;
        world.Run(() => world.Kernel.Filemap.FolioLock(page));
        world.Runtime.Spawn("holder", () =>
        {
            world.Kernel.Timers.Advance(10);
            world.Kernel.Filemap.FolioUnlock(page);
            return Task.CompletedTask;
        });

        world.Run(() => world.Throttle.WbKupdate(0));

        // The first pass wrote the first file; the second, at 3015 (cut-off 15), found the
        // second file old too.
        Assert.Equal(3015L, world.Jiffies);
        Assert.Equal(2, world.PagesSubmitted);
        Assert.Equal((InodeState.None, InodeState.None), (old.State, young.State));
    }
}
