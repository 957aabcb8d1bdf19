using Wbcheck.Model.Invariants;

namespace Wbcheck.Model.Tests;

/// <summary>The context check: reclaim never takes or drops an inode reference while it holds a page lock.</summary>
public sealed class ReclaimInodeReferenceTests
{
    private static World Watched()
    {
        var world = new World(pages: 4);
        world.Kernel.Observers.Add(new ReclaimInodeReference(world.Kernel));
        return world;
    }

    [Fact]
    public void The_igrab_writeout_is_caught_at_its_igrab_under_the_page_lock()
    {
        var world = Watched();

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutIgrab(world.Page(3), 2, 3)));

        Assert.Equal(ReclaimInodeReference.Name, violation.Invariant);
        Assert.Contains("took a reference to (igrab) inode 1 in reclaim while holding the lock of page 3", violation.Message);
    }

    [Fact]
    public void The_writeout_pinned_by_the_page_lock_takes_no_reference()
    {
        var world = Watched();

        world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutPinned(world.Page(3), 2, 3));

        Assert.True(world.Page(3).Writeback);
        Assert.Equal(1, world.Inode.Count);
    }

    [Fact]
    public void Outside_reclaim_a_reference_under_a_page_lock_is_no_concern_of_the_check()
    {
        var world = Watched();

        world.Run(async () =>
        {
            await world.Filemap.FolioLock(world.Page(0));
            Assert.True(world.Kernel.Vfs.Igrab(world.Inode));
            await world.Kernel.Vfs.Iput(world.Inode);
            world.Filemap.FolioUnlock(world.Page(0));
        });

        Assert.Equal(1, world.Inode.Count);
    }
}
