using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

public sealed class FsyncErrorTests
{
    /// <summary>A world whose disk fails the first I/O with -EIO (the executor picks option 1: the error).</summary>
    private static World FailingDisk(int pages = 1)
    {
        var world = new World(pages);
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0;
        return world;
    }

    private static int Fsync(World world, Fs.OpenFile file) =>
        world.Run(() => world.Fs.Fsync(file, 0, WritebackControl.LLongMax));

    [Fact]
    public void A_background_writeback_error_reaches_each_open_file_once()
    {
        var world = FailingDisk();
        var first = world.Kernel.Open(world.Inode);
        var second = world.Kernel.Open(world.Inode);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.CompleteAllIo();

        Assert.Equal(Errno.EIO, Fsync(world, first));
        Assert.Equal(Errno.EIO, Fsync(world, second));
        Assert.Equal(0, Fsync(world, first));
        Assert.Equal(0, Fsync(world, second));
    }

    [Fact]
    public void A_file_opened_after_an_unseen_error_is_told_of_it()
    {
        var world = FailingDisk();
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.CompleteAllIo();

        var late = world.Kernel.Open(world.Inode);

        Assert.Equal(Errno.EIO, Fsync(world, late));
    }

    [Fact]
    public void A_file_opened_after_a_reported_error_is_not_told_of_it()
    {
        var world = FailingDisk();
        var first = world.Kernel.Open(world.Inode);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.CompleteAllIo();
        Assert.Equal(Errno.EIO, Fsync(world, first));

        var late = world.Kernel.Open(world.Inode);

        Assert.Equal(0, Fsync(world, late));
    }

    [Fact]
    public void A_cursor_that_never_advances_is_caught_reporting_the_error_twice()
    {
        var world = new World(pages: 1, config: new KernelConfig { Faults = new Faults { FsyncDoesNotAdvanceErrSeq = true } });
        world.Kernel.Device.PossibleErrors = [Errno.EIO];
        world.Runtime.Chooser = (kind, _) => kind == ChoiceKind.IoResult ? 1 : 0;
        var file = world.Kernel.Open(world.Inode);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.CompleteAllIo();

        Assert.Equal(Errno.EIO, Fsync(world, file));
        Assert.Equal(Errno.EIO, Fsync(world, file)); // the bug: told again
    }

    [Fact]
    public void Fsync_waits_for_its_io_and_puts_every_dirty_page_on_disk()
    {
        var world = new World(pages: 3);
        world.Kernel.Observers.Add(new IntegrityMonitor(world.Kernel));
        world.Runtime.RunPendingWhenBlocked = true;
        var file = world.Kernel.Open(world.Inode);

        Assert.Equal(0, Fsync(world, file));

        for (var index = 0; index < 3; index++)
        {
            Assert.Equal(world.Page(index).Version, world.Kernel.Device.StableVersion(world.Inode, index));
        }

        world.AssertInvariants();
    }

    [Fact]
    public void A_sync_that_skips_pages_under_writeback_is_caught_losing_data()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Faults = new Faults { SyncSkipsWriteback = true } });
        var file = world.Kernel.Open(world.Inode);
        world.Run(() => world.Filemap.GenericPerformWrite(file, 0));
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.Run(() => world.Filemap.GenericPerformWrite(file, 0)); // newer data while the old I/O is in flight
        world.Kernel.Observers.Add(new IntegrityMonitor(world.Kernel));
        world.Runtime.RunPendingWhenBlocked = true;

        var violation = Assert.Throws<InvariantViolationException>(() => Fsync(world, file));

        Assert.Equal(IntegrityMonitor.Name, violation.Invariant);
        Assert.Contains("page 0 was at version 2", violation.Message);
        Assert.Contains("disk holds version 1", violation.Message);
    }
}
