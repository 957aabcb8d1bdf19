using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// filemap_write_and_wait_range and file_write_and_wait_range (mm/filemap.c, 6.9): a range whose
/// end is not before its start is written and waited on, even one byte ("if (lend &lt; lstart)
/// return 0" returns early only for an empty range), and the kernel-internal form is a
/// data-integrity sync the integrity check watches, as fsync's is.
/// </summary>
public sealed class FilemapSyncRangeTests
{
    [Fact]
    public void A_one_byte_range_is_written_and_waited_on()
    {
        var world = new World(pages: 2);
        world.Runtime.RunPendingWhenBlocked = true;

        Assert.Equal(0, world.Run(() => world.Filemap.FilemapWriteAndWaitRange(world.Mapping, 0, 0)));
        Assert.Equal(world.Page(0).Version, world.Kernel.Device.StableVersion(world.Inode, 0));
        Assert.True(world.Page(1).Dirty);

        var file = world.Kernel.Open(world.Inode);
        Assert.Equal(0, world.Run(() => world.Filemap.FileWriteAndWaitRange(file, Page.PageSize, Page.PageSize)));
        Assert.Equal(world.Page(1).Version, world.Kernel.Device.StableVersion(world.Inode, 1));
    }

    [Fact]
    public void A_kernel_internal_sync_that_skips_pages_under_writeback_is_caught_losing_data()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Faults = new Faults { SyncSkipsWriteback = true } });
        var file = world.Kernel.Open(world.Inode);
        world.Run(() => world.Filemap.GenericPerformWrite(file, 0));
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.Run(() => world.Filemap.GenericPerformWrite(file, 0)); // newer data while the old I/O is in flight
        world.Kernel.Observers.Add(new IntegrityMonitor(world.Kernel));
        world.Runtime.RunPendingWhenBlocked = true;

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Filemap.FilemapWriteAndWaitRange(world.Mapping, 0, WritebackControl.LLongMax)));

        Assert.Equal(IntegrityMonitor.Name, violation.Invariant);
        Assert.Contains("page 0 was at version 2", violation.Message);
    }
}
