using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// wb_check_old_data_flush's gate from 2.6.32 (docs/flusher-loop.md, "The periodic flush's
/// gate"): the flusher runs the periodic flush after its queued works whenever it runs, but not
/// less than dirty_writeback_interval (500 jiffies) after the last one (wb-&gt;last_old_flush), nor
/// at all when the interval is 0. The expire interval is 100 jiffies, so a file dirtied at
/// jiffy 3300 is old at 3400. The periodic writeback is started at jiffy 3000 (the first timed
/// wake-up at 3500); sync(2)'s wake-up of the flusher at 3200 writes the first file and is
/// followed by a periodic flush (an interval since boot has passed), after which the flusher,
/// with nothing dirty, sleeps without a timeout; the second file, dirtied at 3300, sets its
/// delayed wake-up for 3800 (FlusherSleepTests for the sleep itself).
/// </summary>
public sealed class OldDataFlushTests
{
    private static ThrottleWorld World(KernelEra era, long writebackInterval = 500, Faults? faults = null, long maxWritebackPages = 1024) => new ThrottleWorld(
        new Machine { TotalPages = 100, MaxWritebackPages = maxWritebackPages },
        VmSysctls.V2_6_20Default with { DirtyExpireInterval = 100, DirtyWritebackInterval = writebackInterval },
        faults,
        KernelConfig.Default with { Era = era }).DiskHasWritten();

    /// <summary>The first file (5 pages, dirtied at boot), the timer at 3000, sync's wake-up run at 3200, the second file (2 pages) dirtied at 3300.</summary>
    private static Inode FlushAfterSyncWakeup(ThrottleWorld world)
    {
        world.AddFile(dirty: 5);
        world.Kernel.Timers.Advance(3000);
        world.Throttle.PageWritebackInit();
        world.Kernel.Timers.Advance(200);
        world.Kernel.FsWriteback.WakeupFlusherThreads();
        world.RunAllPending();
        Assert.Equal(5, world.PagesSubmitted);
        world.Kernel.Timers.Advance(100);
        return world.AddFile(dirty: 2);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void After_a_run_that_left_nothing_dirty_the_next_periodic_flush_is_an_interval_after_the_next_first_dirty_inode(KernelEra era)
    {
        var world = World(era);
        var second = FlushAfterSyncWakeup(world);
        // The flusher ran the periodic flush after sync's work, then slept without a timeout:
        // nothing was left dirty. The second file, the idle disk's first dirty inode, set the
        // delayed wake-up for 3800.
        Assert.Equal(3200, world.Throttle.LastOldFlush);
        Assert.Equal(3800, world.Throttle.WbTimer.Expires);

        world.Kernel.Timers.Advance(499);
        world.RunAllPending();
        Assert.Equal(5, world.PagesSubmitted);

        // 3800: an interval after 3200, the flush is due; the second file, old since 3400, goes.
        world.Kernel.Timers.Advance(1);
        world.RunAllPending();

        Assert.Equal(7, world.PagesSubmitted);
        Assert.Equal(InodeState.None, second.State);
        Assert.Equal(3800, world.Throttle.LastOldFlush);
        Assert.False(world.Throttle.WbTimer.Pending);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_10)]
    public void Without_the_periodic_writeback_started_at_boot_the_flusher_takes_no_periodic_flush_after_its_works(KernelEra era)
    {
        var world = World(era, maxWritebackPages: 1);
        world.AddFile(dirty: 5);
        world.Kernel.Timers.Advance(3200);

        world.Kernel.FsWriteback.WbQueueWork(null, new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = 1, RangeCyclic = true });
        world.RunAllPending();

        Assert.Equal(4, world.Vmstat.NrFileDirty);
        Assert.Equal(0, world.Throttle.LastOldFlush);
    }

    /// <summary>
    /// A work of one page, in chunks of one page, at jiffy 3200 (the periodic writeback started
    /// then, its timer not yet due): the flusher then runs the periodic flush, which writes the
    /// rest of the old file, unless the interval is 0.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36, 500)]
    [InlineData(KernelEra.V2_6_36, 0)]
    [InlineData(KernelEra.V3_19, 500)]
    [InlineData(KernelEra.V4_17, 500)]
    [InlineData(KernelEra.V6_10, 500)]
    [InlineData(KernelEra.V6_10, 0)]
    public void The_flusher_runs_the_periodic_flush_after_its_works_unless_the_interval_is_0(KernelEra era, long writebackInterval)
    {
        var world = World(era, writebackInterval, maxWritebackPages: 1);
        world.AddFile(dirty: 5);
        world.Kernel.Timers.Advance(3200);
        world.Throttle.PageWritebackInit();

        world.Kernel.FsWriteback.WbQueueWork(null, new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = 1, RangeCyclic = true });
        world.RunAllPending();

        // The work alone leaves most of the file dirty; the periodic flush after it writes the rest.
        Assert.Equal(writebackInterval == 0, world.Vmstat.NrFileDirty > 0);
        Assert.Equal(writebackInterval == 0 ? 0 : 3200, world.Throttle.LastOldFlush);
    }

    /// <summary>pdflush's page_writeback_init sets wb_timer whatever the interval; from 2.6.32 the flusher takes no timed sleep with a zero interval.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V6_10, false)]
    public void With_a_zero_interval_the_flusher_has_no_timed_wakeup_from_2_6_32(KernelEra era, bool armed)
    {
        var world = World(era, writebackInterval: 0);

        world.Throttle.PageWritebackInit();

        Assert.Equal(armed, world.Throttle.WbTimer.Pending);
    }
}
