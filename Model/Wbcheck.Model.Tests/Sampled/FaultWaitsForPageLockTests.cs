using System.Runtime.ExceptionServices;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_wp_page of 2.6.29 to 3.18, a shared mapping without -&gt;page_mkwrite: before
/// set_page_dirty_balance it waits for the page lock to be free (wait_on_page_locked, "Yes,
/// Virginia, this is actually required to prevent a race with clear_page_dirty_for_io()"): the
/// fault sleeps on the page's lock queue while clear_page_dirty_for_io's caller holds the page,
/// and dirties the page only once the holder has unlocked it. A wait that did not sleep would
/// spin with no scheduling point, and the holder would never run again: the fault runs on a
/// thread of its own here, so that such a spin fails the test instead of hanging it. The model
/// still runs on one thread under the sequential runtime, deterministically: the test's thread
/// touches nothing while it waits, and reads the world only after the join.
/// </summary>
public sealed class FaultWaitsForPageLockTests
{
    [Fact]
    public void The_write_fault_sleeps_until_the_page_lock_holder_unlocks_then_dirties_the_page()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps: null);
        var pte = world.Kernel.Memory.MapPage(vma, page);
        Assert.False(pte.Write); // 2.6.29 tracks shared dirty pages: the first store faults

        // The page is held locked (as by write_cache_pages between clear_page_dirty_for_io and
        // ->writepage); the holder unlocks it when it next runs, which is when the fault sleeps.
        world.Run(() => world.Filemap.FolioLock(page));
        bool? dirtyAtUnlock = null;
        world.Runtime.Spawn("writeback", () =>
        {
            dirtyAtUnlock = page.Dirty;
            world.Filemap.FolioUnlock(page);
            return Task.CompletedTask;
        });
        world.Runtime.RunPendingWhenBlocked = true;

        ExceptionDispatchInfo? error = null;
        var fault = new Thread(() =>
        {
            try
            {
                world.Run(() => world.Kernel.Memory.DoWpPage(vma, pte));
            }
            catch (Exception exception)
            {
                error = ExceptionDispatchInfo.Capture(exception);
            }
        })
        { IsBackground = true };
        fault.Start();

        Assert.True(fault.Join(TimeSpan.FromSeconds(20)), "the write fault did not end: wait_on_page_locked spins instead of sleeping on the page lock");
        error?.Throw();
        Assert.False(dirtyAtUnlock); // the fault waited: it had not dirtied the page while the lock was held
        Assert.True(pte.Write);
        Assert.True(page.Dirty);
        Assert.False(page.Locked);
    }
}
