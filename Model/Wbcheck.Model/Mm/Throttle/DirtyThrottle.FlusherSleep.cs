using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The flusher's timed wake-up from 2.6.36 (docs/flusher-loop.md, "The flusher's sleep"): the
/// model's <see cref="WbTimer"/> is the flusher thread's own timed sleep and the delayed wake-up
/// of its first dirty inode, 2.6.36 to 3.9 (bdi_writeback_thread's schedule_timeout,
/// wb-&gt;wakeup_timer), and from 3.10 the one delayed work wb-&gt;dwork. Every run of the flusher
/// (a queued work, a background wake-up, its timed wake-up) cancels it when it starts and sets it
/// an interval from its end while the disk has dirty io; with none the flusher sleeps without a
/// timeout until __mark_inode_dirty's delayed wake-up. A model kernel whose periodic writeback
/// was not started at boot (<see cref="PeriodicWritebackBooted"/>) has none of it.
/// </summary>
public sealed partial class DirtyThrottle
{
    private int flusherRuns;

    /// <summary>
    /// Runs of the flusher begun and not yet asleep (a background run that stepped aside for a
    /// queued work included): while one is under way the next timed wake-up is its end's to set
    /// (for <see cref="Invariants.PeriodicWritebackScheduled"/>).
    /// </summary>
    internal int FlusherRuns
    {
        get
        {
            AccessLog.Read(AccessId(Field.FlusherRuns));
            return flusherRuns;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.FlusherRuns));
            flusherRuns = value;
        }
    }

    /// <summary>
    /// A run of the flusher begins (the caller now holds it): its timed wake-up is off. 2.6.36 to
    /// 3.9 the thread, awake, deletes its delayed wake-up timer ("we are already awake and we'll
    /// take care of the periodic write-back") and its own timeout is over; from 3.10 the delayed
    /// work is running, no longer pending, a wake-up for a work having moved it to now
    /// (wb_wakeup's mod_delayed_work(..., 0)).
    /// </summary>
    [Models("fs/fs-writeback.c", "bdi_writeback_thread (del_timer(&wb->wakeup_timer))", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_workfn (the delayed work running)", "6.9")]
    internal void WbFlusherWoken()
    {
        if (!PeriodicWritebackBooted || !kernel.Era.FlusherRunsWbWriteback())
        {
            return;
        }

        FlusherRuns++;
        Timers.DelTimer(WbTimer);
    }

    /// <summary>
    /// A run of the flusher is over (the caller has let it go): sleep an interval from now while
    /// the disk has dirty io and the interval is not 0, else without a timeout. A delayed wake-up
    /// armed during the run by the first dirtying of the idle disk is earlier and stays: 2.6.36
    /// to 3.9 it wakes the thread before its own timeout, from 3.10 wb_workfn's
    /// wb_wakeup_delayed is a queue_delayed_work that leaves a pending work alone. A work queued
    /// meanwhile makes the kernel's flusher go round without sleeping (the thread's
    /// list_empty(&amp;bdi-&gt;work_list) test, wb_workfn's wb_wakeup): the model's run for it starts
    /// and cancels this timer before any tick can fire it.
    /// </summary>
    [Models("fs/fs-writeback.c", "bdi_writeback_thread (wb_has_dirty_io && dirty_writeback_interval ? schedule_timeout : schedule)", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_workfn (wb_has_dirty_io && dirty_writeback_interval: wb_wakeup_delayed)", "4.19")]
    [Models("fs/fs-writeback.c", "wb_workfn (wb_has_dirty_io && dirty_writeback_interval: wb_wakeup_delayed)", "6.9")]
    internal void WbFlusherSleeps(bool skippedOldDataFlush)
    {
        if (!PeriodicWritebackBooted || !kernel.Era.FlusherRunsWbWriteback())
        {
            return;
        }

        FlusherRuns--;
        if (skippedOldDataFlush && Faults.SkippedOldDataFlushNotRearmed)
        {
            return;
        }

        if (Sysctls.DirtyWritebackInterval != 0 && BdiHasDirtyIo() && !WbTimer.Pending)
        {
            Timers.ModTimer(WbTimer, Timers.Jiffies + Sysctls.DirtyWritebackInterval);
        }
    }

    /// <summary>
    /// The first inode of an idle disk was made dirty (__mark_inode_dirty, the disk having had no
    /// dirty io): wake its flusher an interval from now, for the periodic writeback of what was
    /// just dirtied. 2.6.36 to 3.9 bdi_wakeup_thread_delayed's mod_timer of wb-&gt;wakeup_timer,
    /// which moves a pending one; from 3.10 the delayed work, queued by queue_delayed_work
    /// (bdi_wakeup_thread_delayed, wb_wakeup_delayed from 4.2), which leaves a pending one where
    /// it is (<see cref="KernelEras.FlusherDelayedWakeupKeepsPending"/>). Neither tests the
    /// interval: with 0, 2.6.36's mod_timer sets the timer for this jiffy, which fires at the next
    /// tick, and 3.10's queue_delayed_work with no delay queues the work now, so the flusher runs
    /// at once (<see cref="WbTimerFn"/> now, unless a timed run is already on its way), finds no
    /// periodic flush (<see cref="WbCheckOldDataFlush"/>) and, from 2.6.37, checks the background
    /// threshold; it then sleeps without a timeout.
    /// </summary>
    [Models("mm/backing-dev.c", "bdi_wakeup_thread_delayed (mod_timer(&bdi->wb.wakeup_timer))", "2.6.36")]
    [Models("mm/backing-dev.c", "bdi_wakeup_thread_delayed (queue_delayed_work)", "3.18")]
    [Models("mm/backing-dev.c", "wb_wakeup_delayed", "6.9")]
    internal void WbWakeupDelayed()
    {
        if (Faults.FirstDirtyingWakesNoFlusher)
        {
            return;
        }

        var workqueue = kernel.Era.FlusherDelayedWakeupKeepsPending();
        if (workqueue && WbTimer.Pending)
        {
            return;
        }

        // The delayed work queued with no delay: on the workqueue at once, as wb_workfn. One
        // already queued by its timer and not yet begun is that run.
        var interval = Sysctls.DirtyWritebackInterval;
        if (interval == 0 && workqueue)
        {
            if (!PeriodicFlushInFlight)
            {
                WbTimerFn();
            }

            return;
        }

        Timers.ModTimer(WbTimer, Timers.Jiffies + interval);
    }

    /// <summary>
    /// Whether __mark_inode_dirty, making an inode dirty now, asks for the delayed wake-up: from
    /// 2.6.36 when the disk has no dirty io yet (2.6.36's wb_has_dirty_io test before the inode
    /// goes on b_dirty; 4.2 on, inode_io_list_move_locked's wb_io_lists_populated for a wb with
    /// none), in a model kernel whose periodic writeback was started at boot (asked first: a race
    /// scenario that never booted it consults no era here), whatever the interval: the kernel
    /// wakes the flusher with a timeout of 0 too (<see cref="WbWakeupDelayed"/>).
    /// </summary>
    internal bool FirstDirtyingWakesFlusher() =>
        PeriodicWritebackBooted && kernel.Era.FlusherRunsWbWriteback() && !BdiHasDirtyIo();

    /// <summary>
    /// Whether __mark_inode_dirty's two lock sections meet the flusher's sleep in the model: its
    /// timed wake-ups are modelled (periodic writeback started at boot, asked first), with an
    /// interval, on a flusher era; then the window between them is a scheduling point
    /// (<see cref="Fs.FsWriteback.MarkInodeDirty"/>). With an interval of 0 the first dirty inode
    /// wakes the flusher too (<see cref="FirstDirtyingWakesFlusher"/> does not test the interval),
    /// so the window could decide that wake-up there as well; it is left out on purpose, for the
    /// search's cost (without the interval test the matrix cells whose interval is 0 would have
    /// that scheduling point too, and more schedules). So with
    /// <see cref="Faults.DirtyIoTestedBeforeListLock"/> an interval-0 kernel could lose the
    /// first-dirty wake-up in that window, and the search does not try it.
    /// </summary>
    internal bool DirtyingMeetsFlusherSleep() =>
        PeriodicWritebackBooted && Sysctls.DirtyWritebackInterval != 0 && kernel.Era.FlusherRunsWbWriteback();
}
