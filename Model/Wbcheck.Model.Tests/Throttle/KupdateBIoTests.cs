using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// kupdate and the inodes background writeout left on b_io (docs/flusher-loop.md, "The walk
/// order" and "The cut-off"): from 3.1 the expire cut-off is queue_io's alone, so kupdate writes
/// what b_io holds however young (e185dda), and a slice it used up on such an inode sent it to
/// b_more_io, which the next queue_io splices back whole, until f9cae926f35e (6.10) sent an
/// inode that has not expired to b_dirty instead. 100 pages of memory (background threshold 10),
/// a chunk of 8 pages. Background writeout writes a slow file (8 pages, 16 ticks: past HZ/10) and
/// goes back to its loop with a file of 9 pages still on b_io; under the threshold then, it stops.
/// kupdate runs a writeback interval later: nothing has been dirty for the expire interval (3000 jiffies).
/// </summary>
public sealed class KupdateBIoTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, 9)]
    [InlineData(KernelEra.V4_13, 9)]
    [InlineData(KernelEra.V5_0, 9)]
    [InlineData(KernelEra.V6_9, 9)]
    [InlineData(KernelEra.V6_10, 8)]
    public void From_3_1_kupdate_writes_a_young_inode_left_on_b_io_and_until_6_10_requeues_it(KernelEra era, int kupdateWrites)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era }).DiskHasWritten();
        world.Throttle.WritebackSetRatelimitIoLess();
        var disk = new ScriptedDisk(world);
        var slow = disk.AddFile(dirty: 8);
        var young = disk.AddFile(dirty: 9);
        disk.TicksPerPage[slow] = 2;
        world.Run(() => world.Throttle.BackgroundWriteout(0));
        Assert.Equal([slow], disk.Written);
        var before = world.PagesSubmitted;
        // An interval after boot, so that wb_check_old_data_flush takes the periodic flush
        // (last_old_flush is the wb's init); still long before anything expires.
        world.Kernel.Timers.Advance(world.Throttle.Sysctls.DirtyWritebackInterval);

        world.Run(() => world.Throttle.WbKupdate(0));

        // kupdate's first walk takes the file from b_io (no queue_io: b_io is not empty) and
        // writes a chunk of 8 pages; the file is still dirty with its slice used up. 3.19 to 5.0:
        // requeue_io, and the next walk's queue_io brings it back from b_more_io for its last
        // page (6.9 too). 6.10 (f9cae926f35e): not expired, so redirty_tail, and the next walk queues
        // nothing. Stopping the walk at the first inode dirtied after the cut-off writes none.
        Assert.Equal(kupdateWrites, world.PagesSubmitted - before);
        Assert.Equal(9 - kupdateWrites, world.Vmstat.NrFileDirty);
        Assert.Equal(kupdateWrites < 9, (young.State & InodeState.DirtyPages) != 0);
    }
}
