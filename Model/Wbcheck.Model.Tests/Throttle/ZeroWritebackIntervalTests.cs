using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// dirty_writeback_interval 0 (docs/flusher-loop.md, "The first dirty inode's wake-up"): the
/// kernel's first dirty inode of an idle disk still wakes the flusher, with a timeout of 0. 2.6.36's
/// mod_timer sets the wake-up timer for this jiffy (it fires at the next tick); 3.10's
/// queue_delayed_work with no delay queues the work at once. The run finds no periodic flush
/// (wb_check_old_data_flush returns at once for 0) and, from 2.6.37, checks the background
/// threshold; then it sleeps without a timeout. A machine of 100 pages: 40 dirty pages are over
/// its background threshold; no dirtier goes through balance_dirty_pages, so nothing else wakes
/// background writeback.
/// </summary>
public sealed class ZeroWritebackIntervalTests
{
    private static ThrottleWorld World(KernelEra era) => new ThrottleWorld(
        new Machine { TotalPages = 100, MaxWritebackPages = 1 },
        VmSysctls.V2_6_20Default with { DirtyWritebackInterval = 0 },
        faults: null,
        KernelConfig.Default with { Era = era }).DiskHasWritten();

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_10)]
    public void From_3_10_the_first_dirty_inode_runs_the_flusher_at_once_and_its_background_check_writes_down_to_the_threshold(KernelEra era)
    {
        var world = World(era);
        world.Throttle.PageWritebackInit();

        world.AddFile(dirty: 40);

        // wb_workfn is queued now, not at a tick: no timer, a run on its way.
        Assert.False(world.Throttle.WbTimer.Pending);
        Assert.Contains("pdflush wb_workfn", world.PendingNames);
        world.RunAllPending();
        Assert.True(world.Vmstat.NrFileDirty <= world.Throttle.BackgroundThresholdOfEra()); // not over it, from 2.6.37
        Assert.Equal(0, world.Throttle.LastOldFlush);
        Assert.False(world.Throttle.WbTimer.Pending);
        Assert.Empty(world.PendingNames);
    }

    [Fact]
    public void On_2_6_36_the_first_dirty_inode_sets_the_wakeup_timer_for_this_jiffy_and_the_run_writes_nothing()
    {
        var world = World(KernelEra.V2_6_36);
        world.Throttle.PageWritebackInit();
        world.Kernel.Timers.Advance(30);

        var file = world.AddFile(dirty: 40);

        Assert.True(world.Throttle.WbTimer.Pending);
        Assert.Equal(30, world.Throttle.WbTimer.Expires);
        Assert.Empty(world.PendingNames);
        world.Kernel.Timers.Advance(1);
        Assert.Contains("pdflush bdi_writeback_thread", world.PendingNames);
        world.RunAllPending();

        // No periodic flush for 0, no background check before 2.6.37; asleep without a timeout.
        Assert.Equal(40, world.Vmstat.NrFileDirty);
        Assert.True((file.State & InodeState.DirtyPages) != 0);
        Assert.False(world.Throttle.WbTimer.Pending);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_10)]
    public void A_second_dirty_inode_wakes_nothing_more(KernelEra era)
    {
        var world = World(era);
        world.Throttle.PageWritebackInit();
        world.AddFile(dirty: 1);
        world.Kernel.Timers.Advance(1);
        world.RunAllPending();
        Assert.Empty(world.PendingNames);

        world.AddFile(dirty: 1);

        Assert.False(world.Throttle.WbTimer.Pending);
        Assert.Empty(world.PendingNames);
    }
}
