using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The flusher's wake-up timer firing while a run holds the flusher (docs/flusher-loop.md, "The
/// flusher's sleep"): 2.6.36 to 3.9 it wakes the flusher thread (wakeup_timer_fn), which is in the
/// middle of its run and not asleep, so the wake-up is lost and the run's own sleep sets the next;
/// from 3.10 the delayed work is queued while it runs and runs again after. The timer is armed and
/// fires inside the run's first page write (a delayed wake-up asked for then, and 500 jiffies
/// passing in the write). Intervals: writeback 500 jiffies, expire 100.
/// </summary>
public sealed class FlusherTimerDuringRunTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V6_10, true)]
    public void A_timer_that_fires_during_a_run_runs_again_after_it_only_from_the_workqueue_flusher(KernelEra era, bool runsAgain)
    {
        var world = new ThrottleWorld(
            new Machine { TotalPages = 1000, MaxWritebackPages = 1 },
            VmSysctls.V2_6_20Default with { DirtyExpireInterval = 100 },
            faults: null,
            KernelConfig.Default with { Era = era });
        var disk = new ScriptedDisk(world);
        disk.AddFile(dirty: 2);
        world.Throttle.PageWritebackInit();
        var fired = false;
        disk.AfterWrite = _ =>
        {
            if (fired)
            {
                return;
            }

            fired = true;
            world.Throttle.WbWakeupDelayed();
            world.Kernel.Timers.Advance(500);
            Assert.False(world.Throttle.WbTimer.Pending);
        };

        world.Kernel.FsWriteback.WbQueueWork(null, new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = 1, RangeCyclic = true });
        var timedRun = era.AtLeast(KernelEra.V3_19) ? "pdflush wb_workfn" : "pdflush bdi_writeback_thread";
        Assert.Single(world.PendingNames);
        world.Runtime.RunPending(0);

        Assert.True(fired);
        Assert.Equal(runsAgain, world.PendingNames.Contains(timedRun));
    }
}
