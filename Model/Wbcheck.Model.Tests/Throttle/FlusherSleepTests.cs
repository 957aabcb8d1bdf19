using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The flusher's sleep from 2.6.32 (docs/flusher-loop.md, "The flusher's sleep"): every run
/// (a queued work, a background wake-up, its timed wake-up) ends with the next timed wake-up an
/// interval from that run's end while the disk has dirty io (bdi_writeback_thread's
/// schedule_timeout to 3.9, wb_workfn's wb_wakeup_delayed from 3.10), and without a timeout when
/// it has none; the first dirty inode of an idle disk sets the delayed wake-up (2.6.36's mod_timer
/// of wakeup_timer, which moves a pending one; 3.10's queue_delayed_work, which keeps it); from
/// 2.6.37 every run ends with the background check. Intervals: writeback 500 jiffies, expire 100; a machine of 1000 pages, its background
/// threshold above what these tests leave dirty unless a test says otherwise.
/// </summary>
public sealed class FlusherSleepTests
{
    private static ThrottleWorld World(KernelEra era, Faults? faults = null, long maxWritebackPages = 1024, long totalPages = 1000) => new ThrottleWorld(
        new Machine { TotalPages = totalPages, MaxWritebackPages = maxWritebackPages },
        VmSysctls.V2_6_20Default with { DirtyExpireInterval = 100 },
        faults,
        KernelConfig.Default with { Era = era }).DiskHasWritten();

    private static void QueueWork(ThrottleWorld world, long nrPages) =>
        world.Kernel.FsWriteback.WbQueueWork(null, new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = nrPages, RangeCyclic = true });

    /// <summary>
    /// An old file of 5 pages (dirtied at boot); the periodic writeback started at 3000 (its
    /// timed wake-up at 3500, the disk having dirty io); at 3200 a work of one page, in chunks of
    /// one page, after which the flusher takes the periodic flush of the old file's rest. The
    /// work's page written, a young file of 3 pages is dirtied (old from 3300): it stays on
    /// b_dirty, left by the periodic flush.
    /// </summary>
    private static Inode WorkThenPeriodicFlush(ThrottleWorld world)
    {
        var disk = new ScriptedDisk(world);
        disk.AddFile(dirty: 5);
        world.Kernel.Timers.Advance(3000);
        world.Throttle.PageWritebackInit();
        Assert.Equal(3500, world.Throttle.WbTimer.Expires);
        world.Kernel.Timers.Advance(200);
        Inode? young = null;
        disk.AfterWrite = _ =>
        {
            if (young is null)
            {
                young = disk.AddFile(dirty: 3);
                // Not the first dirty inode of the disk: no wake-up is moved.
                Assert.Equal(3500, world.Throttle.WbTimer.Expires);
            }
        };
        QueueWork(world, 1);
        world.RunAllPending();
        disk.AfterWrite = null;
        Assert.Equal(5, world.PagesSubmitted);
        Assert.Equal(3200, world.Throttle.LastOldFlush);
        return young!;
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_10)]
    public void A_periodic_flush_taken_after_a_work_sets_the_next_timed_wakeup_an_interval_after_that_run(KernelEra era)
    {
        var world = World(era, maxWritebackPages: 1);
        var young = WorkThenPeriodicFlush(world);

        // The young file is left; the flusher sleeps an interval from 3200.
        Assert.Equal(3700, world.Throttle.WbTimer.Expires);
        world.Kernel.Timers.Advance(500);
        world.RunAllPending();

        Assert.Equal(8, world.PagesSubmitted);
        Assert.Equal(InodeState.None, young.State);
        Assert.Equal(3700, world.Throttle.LastOldFlush);
        // Nothing dirty is left: no timed wake-up.
        Assert.False(world.Throttle.WbTimer.Pending);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_10)]
    public void A_run_that_found_the_periodic_flush_too_soon_sleeps_an_interval_from_its_end(KernelEra era)
    {
        var world = World(era, maxWritebackPages: 1);
        var young = WorkThenPeriodicFlush(world);
        world.Kernel.Timers.Advance(100);

        // 3300: a work of one page of the young file (6.10's chunk takes two); the periodic
        // flush is 400 jiffies too soon, and the young file keeps dirty pages.
        QueueWork(world, 1);
        world.RunAllPending();

        Assert.InRange(world.PagesSubmitted, 6, 7);
        Assert.True((young.State & InodeState.DirtyPages) != 0);
        Assert.Equal(3200, world.Throttle.LastOldFlush);
        Assert.Equal(3800, world.Throttle.WbTimer.Expires);
        world.Kernel.Timers.Advance(500);
        world.RunAllPending();
        Assert.Equal(8, world.PagesSubmitted);
        Assert.Equal(InodeState.None, young.State);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_10)]
    public void A_run_that_found_the_flush_too_soon_and_did_not_sleep_again_stops_periodic_writeback(KernelEra era)
    {
        var world = World(era, Faults.None with { SkippedOldDataFlushNotRearmed = true }, maxWritebackPages: 1);
        var young = WorkThenPeriodicFlush(world);
        world.Kernel.Timers.Advance(100);

        QueueWork(world, 1);
        world.RunAllPending();
        world.Kernel.Timers.Advance(5000);
        world.RunAllPending();

        Assert.False(world.Throttle.WbTimer.Pending);
        Assert.InRange(world.Vmstat.NrFileDirty, 1, 2);
        Assert.True((young.State & InodeState.DirtyPages) != 0);
        Assert.Contains("no periodic flush is ahead", PeriodicWritebackScheduled.Check(world.Kernel));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_10)]
    public void With_nothing_dirty_the_flusher_sleeps_without_a_timeout_until_the_first_dirty_inode(KernelEra era)
    {
        var world = World(era);
        world.Throttle.PageWritebackInit();

        Assert.False(world.Throttle.WbTimer.Pending);
        world.Kernel.Timers.Advance(5000);
        Assert.Empty(world.PendingNames);

        var file = world.AddFile(dirty: 2);
        Assert.Equal(5500, world.Throttle.WbTimer.Expires);
        world.Kernel.Timers.Advance(500);
        world.RunAllPending();

        Assert.Equal(2, world.PagesSubmitted);
        Assert.Equal(InodeState.None, file.State);
        Assert.False(world.Throttle.WbTimer.Pending);
    }

    /// <summary>
    /// A delayed wake-up set at 100 by the first dirty inode, that inode then written by a
    /// data-integrity writeback of its own (not the flusher): the disk is idle again with the
    /// wake-up pending, and a second first dirty inode at 300 moves it (2.6.36's mod_timer) or
    /// leaves it (3.10's queue_delayed_work).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36, 800)]
    [InlineData(KernelEra.V3_19, 600)]
    [InlineData(KernelEra.V6_10, 600)]
    public void A_first_dirty_inode_moves_a_pending_delayed_wakeup_only_before_the_workqueue_flusher(KernelEra era, long expires)
    {
        var world = World(era);
        world.Throttle.PageWritebackInit();
        world.Kernel.Timers.Advance(100);
        var first = world.AddFile(dirty: 1);
        Assert.Equal(600, world.Throttle.WbTimer.Expires);
        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(first, new WritebackControl { SyncMode = WritebackSyncMode.All, NrToWrite = WritebackControl.LongMax }));
        world.RunAllPending();
        Assert.False(world.Throttle.BdiHasDirtyIo());

        world.Kernel.Timers.Advance(200);
        world.AddFile(dirty: 1);

        Assert.Equal(expires, world.Throttle.WbTimer.Expires);
    }

    /// <summary>
    /// 40 young pages on a machine of 100 pages (over the background threshold), no background wake-up
    /// asked (no dirtier went through balance_dirty_pages); a work of one page at 50, after which
    /// the periodic flush is too soon: from 2.6.37 the flusher's background check writes down to
    /// the threshold, 2.6.36's flusher nothing more.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V6_10, true)]
    public void From_2_6_37_a_run_of_the_flusher_over_the_background_threshold_writes_down_to_it(KernelEra era, bool checksBackground)
    {
        var world = World(era, maxWritebackPages: 1, totalPages: 100);
        world.Throttle.PageWritebackInit();
        world.AddFile(dirty: 40);
        var threshold = world.Throttle.BackgroundThresholdOfEra();
        Assert.True(threshold < 39);
        world.Kernel.Timers.Advance(50);

        QueueWork(world, 1);
        world.RunAllPending();

        Assert.Equal(0, world.Throttle.LastOldFlush);
        if (checksBackground)
        {
            Assert.True(world.Vmstat.NrFileDirty < threshold);
        }
        else
        {
            Assert.Equal(39, world.Vmstat.NrFileDirty);
        }
    }
}
