using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

public sealed class RuntimeTests
{
    [Fact]
    public void Sleeping_inside_a_tree_lock_section_is_reported()
    {
        var world = new World(pages: 1);
        var page = world.Page(0);

        var bug = Assert.Throws<SleepingWhileAtomicException>(() => world.Run(async () =>
        {
            await world.Filemap.XaLock(world.Mapping, new StepLabel("test"));
            await world.Filemap.FolioLock(page);
        }));

        Assert.Equal("tree_lock of inode 1", bug.LockName);
        Assert.Equal("folio_lock(0)", bug.Label.ToString());
    }

    [Fact]
    public void An_operation_that_returns_holding_a_spinlock_is_reported_and_one_that_drops_it_is_not()
    {
        // lockdep_sys_exit's "lock held when returning to user space!": the bug a left-out
        // xa_unlock makes, caught when the operation ends, not only at the task's next sleep.
        var world = new World(pages: 1);

        var bug = Assert.Throws<LockHeldAtExitException>(() => world.Run(async () =>
            await world.Filemap.XaLock(world.Mapping, new StepLabel("test"))));
        world.Run(async () =>
        {
            await world.Filemap.XaLock(world.Mapping, new StepLabel("test"));
            world.Filemap.XaUnlock();
        });

        Assert.Equal("tree_lock of inode 1", bug.LockName);
        Assert.Equal("T0(test)", bug.Thread.ToString());
    }

    [Fact]
    public void A_lock_nobody_can_release_reports_would_block_with_its_holder()
    {
        var world = new World(pages: 1);
        var page = world.Page(0);
        world.Run(() => world.Filemap.FolioLock(page));

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Filemap.FolioLock(page)));

        Assert.Equal("folio_lock(0) would block on PG_locked of page 0, held by T0(test)", blocked.Message);
    }

    [Fact]
    public void Awaiting_something_the_runtime_does_not_control_is_refused()
    {
        var world = new World(pages: 1);

        var error = Assert.Throws<InvalidOperationException>(() => world.Runtime.Run("test", () => Task.Delay(50)));

        Assert.StartsWith("uncontrolled concurrency", error.Message);
    }

    [Fact]
    public void An_io_completion_is_a_thread_of_its_own_run_when_the_caller_says()
    {
        var world = new World(pages: 2);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal(["bio 1 endio", "bio 2 endio"], world.Runtime.Pending.Select(t => t.Name));
        world.Runtime.RunPending(1);
        Assert.True(world.Page(0).Writeback);
        Assert.False(world.Page(1).Writeback);
    }
}
