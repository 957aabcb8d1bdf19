using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    private long lastOldFlush;
    private bool periodicFlushInFlight;
    private bool periodicWritebackBooted;

    /// <summary>
    /// Periodic writeback of old data: every inode first dirtied more than dirty_expire_interval
    /// ago is written back, oldest first (the age is the inode's, from the first page dirtied
    /// while it was clean; the age limit takes precedence over the page count). Each era as the
    /// kernel did it:
    /// <list type="bullet">
    /// <item>To 2.6.31 pdflush's wb_kupdate: it writes, then sets the timer for the next run, one
    /// dirty_writeback_interval after this one began, or a second from now if this run took
    /// longer than the interval.</item>
    /// <item>From 2.6.32 the disk's flusher, woken by its timed sleep, runs
    /// wb_check_old_data_flush once it is free (<see cref="WbCheckOldDataFlush"/>: nothing if the
    /// last periodic flush was less than an interval ago), then sleeps an interval from the end
    /// of its run (2.6.32 to 3.9 the thread's schedule_timeout, from 3.10 wb_wakeup_delayed's
    /// delayed work), the model's timer.</item>
    /// </list>
    /// </summary>
    [Models("mm/page-writeback.c", "wb_kupdate", "2.6.20", Fingerprint = "8037053ca856b626")]
    [Models("mm/page-writeback.c", "wb_kupdate", "2.6.29")]
    [Models("fs/fs-writeback.c", "bdi_writeback_thread (wb_do_writeback, schedule_timeout(dirty_writeback_interval))", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_workfn (wb_do_writeback, wb_wakeup_delayed)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WbKupdate(long argument)
    {
        // From 2.6.32 kupdate is the disk's one flusher thread's too (wb_check_old_data_flush):
        // it runs when the flusher has finished what it runs now, and from 2.6.37 stops for a
        // work queued meanwhile; it comes again at the next interval.
        if (kernel.Era.FlusherRunsWbWriteback())
        {
            await FlusherTimedWakeup();
            PeriodicFlushInFlight = false;
            return;
        }

        // sync_supers: the model has no superblock to write.
        var startJif = Timers.Jiffies;
        var nextJif = startJif + Sysctls.DirtyWritebackInterval;
        await WbOldDataWriteback(flusher: false);
        if (Timers.TimeBefore(nextJif, Timers.Jiffies + Timers.Hz))
        {
            nextJif = Timers.Jiffies + Timers.Hz;
        }

        if (Sysctls.DirtyWritebackInterval != 0)
        {
            Timers.ModTimer(WbTimer, nextJif);
        }

        PeriodicFlushInFlight = false;
    }

    /// <summary>A run of the periodic flush that its timer started is under way (for <see cref="Invariants.PeriodicWritebackScheduled"/>).</summary>
    internal bool PeriodicFlushInFlight
    {
        get
        {
            AccessLog.Read(AccessId(Field.PeriodicFlushInFlight));
            return periodicFlushInFlight;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.PeriodicFlushInFlight));
            periodicFlushInFlight = value;
        }
    }

    /// <summary>
    /// The flusher's timed wake-up (2.6.32 on): once the flusher is free, the periodic flush if
    /// one is due, then (2.6.37 on) the background check, then the sleep that sets the next
    /// timed wake-up an interval from now while the disk has dirty io (<see cref="WbFlusherSleeps"/>).
    /// The queued works of the kernel's wb_do_writeback, which come first, are the model's
    /// flusher thread's (<see cref="WbDoWriteback"/>).
    /// </summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask FlusherTimedWakeup()
    {
        bool skipped;
        await kernel.FsWriteback.WbFlusherEnter();
        WbFlusherWoken();
        try
        {
            skipped = !WbCheckOldDataFlush();
            if (!skipped)
            {
                await WbOldDataWriteback(flusher: true);
            }

            await WbCheckBackgroundFlush();
        }
        finally
        {
            if (kernel.FsWriteback.WbFlusherHeld)
            {
                kernel.FsWriteback.WbFlusherLeave();
            }
        }

        WbFlusherSleeps(skipped);
    }

    /// <summary>
    /// wb_do_writeback's periodic flush on the flusher, held by the caller: the flush if
    /// <see cref="WbCheckOldDataFlush"/> finds one due. Returns whether it found none due (too
    /// soon, or a zero interval); a model kernel whose periodic writeback was not started at boot
    /// asks nothing.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_do_writeback (wb_check_old_data_flush)", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> WbOldDataFlushIfDue()
    {
        if (!PeriodicWritebackBooted)
        {
            return false;
        }

        if (!WbCheckOldDataFlush())
        {
            return true;
        }

        await WbOldDataWriteback(flusher: true);
        return false;
    }

    /// <summary>
    /// wb_check_old_data_flush's gate (2.6.32 on): no periodic flush when dirty_writeback_interval
    /// is 0 (2.6.35 on, Jens Axboe's "writeback: disable periodic old data writeback for
    /// !dirty_writeback_centisecs" [R id]; the model's flusher eras all have it), nor less than an
    /// interval after the last one (wb-&gt;last_old_flush, set at wb init and when a flush is taken,
    /// before its writeback). The flusher asks after its queued works whenever it runs
    /// (<see cref="WbDoWriteback"/>), so a flush taken there makes the next timed wake-up too soon.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_check_old_data_flush (last_old_flush)", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_check_old_data_flush (last_old_flush)", "4.19")]
    [Models("fs/fs-writeback.c", "wb_check_old_data_flush (last_old_flush)", "6.9")]
    internal bool WbCheckOldDataFlush()
    {
        var interval = Sysctls.DirtyWritebackInterval;
        if (interval == 0)
        {
            return false;
        }

        if (Timers.TimeBefore(Timers.Jiffies, LastOldFlush + interval))
        {
            return false;
        }

        LastOldFlush = Timers.Jiffies;
        return true;
    }

    /// <summary>
    /// The periodic writeback was started at boot (<see cref="PageWritebackInit"/>): a model
    /// kernel not booted so (most race scenarios) has no flusher timed wake-ups, and its flusher
    /// takes no periodic flush after its works either (<see cref="WbDoWriteback"/>).
    /// </summary>
    internal bool PeriodicWritebackBooted
    {
        get
        {
            AccessLog.Read(AccessId(Field.PeriodicWritebackBooted));
            return periodicWritebackBooted;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.PeriodicWritebackBooted));
            periodicWritebackBooted = value;
        }
    }

    /// <summary>wb-&gt;last_old_flush: when the last periodic flush was taken (jiffies at the wb's init, boot for the model's one disk).</summary>
    internal long LastOldFlush
    {
        get
        {
            AccessLog.Read(AccessId(Field.LastOldFlush));
            return lastOldFlush;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.LastOldFlush));
            lastOldFlush = value;
        }
    }

    /// <summary>
    /// The periodic flush itself: every inode dirtied before now less dirty_expire_interval, with
    /// enough pages for every dirty page and every inode in use; on the flusher
    /// (<paramref name="flusher"/>, 2.6.32 on) already held by the caller.
    /// </summary>
    [Models("mm/page-writeback.c", "wb_kupdate (the loop)", "2.6.20")]
    [Models("fs/fs-writeback.c", "wb_check_old_data_flush (wb_writeback for_kupdate)", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WbOldDataWriteback(bool flusher)
    {
        var startJif = Timers.Jiffies;
        var oldestJif = startJif - Sysctls.DirtyExpireInterval;
        if (kernel.Era.KupdateMakesOnePass())
        {
            await WbKupdateOnePass(oldestJif, startJif);
            return;
        }

        // Enough for every dirty page and every inode in use.
        var nrToWrite = NrReclaimable() + kernel.Inodes.Count;
        var work = FlusherWork(nrToWrite);
        var wbc = NewKupdateControl(oldestJif, startJif, work);
        await WbKupdateLoop(nrToWrite, wbc, work, startJif, flusher);
    }

    /// <summary>
    /// 2.5.31's wb_kupdate: one walk of the inodes dirtied before the cut-off, with as many pages
    /// as are dirty now (get_page_state's nr_dirty), then blk_run_queues (the model's bios are
    /// never plugged) and yield. What the walk leaves, the next run or background writeout takes.
    /// </summary>
    [Models("mm/page-writeback.c", "wb_kupdate (writeback_unlocked_inodes, yield)", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbKupdateOnePass(long oldestJif, long startJif)
    {
        var wbc = NewKupdateControl(oldestJif, startJif, work: null);
        wbc.NrToWrite = Vmstat.NrFileDirty;
        await kernel.FsWriteback.WritebackInodes(wbc);
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("yield"));
    }

    /// <summary>The passes of <see cref="WbKupdate"/> over the inodes older than its cut-off.</summary>
    [Models("fs/fs-writeback.c", "wb_writeback (for_kupdate)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbKupdateLoop(long nrToWrite, WritebackControl wbc, WbWritebackWork? work, long startJif, bool flusher)
    {
        var maxWritebackPages = Machine.MaxWritebackPages;
        while (nrToWrite > 0)
        {
            if (flusher && kernel.Era.FlusherYieldsToQueuedWork() && kernel.FsWriteback.WorkQueued)
            {
                break;
            }

            // 3.x takes the expire cut-off afresh each pass (wb_writeback's oldest_jif).
            if (kernel.Era.FlusherLoopEndsOnNoProgress())
            {
                // wb_writeback's queued is the loop's, not the pass's.
                var queued = wbc.IoQueued;
                wbc = NewKupdateControl(Timers.Jiffies - Sysctls.DirtyExpireInterval, startJif, work);
                wbc.IoQueued = queued;
            }

            wbc.EncounteredCongestion = false;
            wbc.MoreIoTail = null;
            wbc.NrToWrite = maxWritebackPages;
            await kernel.FsWriteback.WritebackInodes(wbc);
            // 3.1 on, the walk counts the work's nr_pages down inode by inode.
            var wrote = work is not null ? nrToWrite - work.NrPages : maxWritebackPages - wbc.NrToWrite;
            if (kernel.Era.WritebackHasMoreIo())
            {
                // 2.6.29's more_io; 2.6.36 on, wb_writeback's loop with for_kupdate.
                nrToWrite -= wrote;
                if (!await FlusherGoesOn(wbc, wrote, checksSkipped: false))
                {
                    break;
                }

                continue;
            }

            if (wbc.NrToWrite > 0)
            {
                if (!wbc.EncounteredCongestion)
                {
                    break; // all the old data is written
                }

                await kernel.BackingDev.CongestionWait(Timers.Hz / 10);
            }

            nrToWrite -= wrote;
        }
    }

    /// <summary>kupdate's writeback_control: WB_SYNC_NONE, inodes dirtied at or before <paramref name="oldestJif"/>, for the loop's <paramref name="work"/> (3.1 on).</summary>
    private WritebackControl NewKupdateControl(long oldestJif, long startJif, WbWritebackWork? work) => new()
    {
        Work = work,
        SyncMode = WritebackSyncMode.None,
        OlderThanThis = oldestJif,
        NrToWrite = 0,
        Nonblocking = true,
        ForKupdate = true,
        RangeCyclic = kernel.Era.HasRangeCyclic(), // the list era's pass has no such field: io_pages resumes it
        WbStart = FlusherWbStart(startJif),
    };

    /// <summary>
    /// The kupdate timer fired. Each era as the kernel did it:
    /// <list type="bullet">
    /// <item>To 2.6.31 wb_timer_fn hands wb_kupdate to pdflush; when every pdflush thread is
    /// busy it is refused, and the timer tries again a second later.</item>
    /// <item>From 2.6.32 there is no wb_timer: the disk's flusher wakes itself every
    /// dirty_writeback_interval (2.6.32 to 3.9 the flusher thread's timed sleep, from 3.10 the
    /// delayed work wb->dwork) and runs wb_check_old_data_flush after its queued works, in
    /// wb_do_writeback. So a periodic flush is never refused: it runs after what the flusher
    /// runs now. The model keeps its timer for the wake-up and starts kupdate outside the
    /// pool's count (<see cref="Pdflush.StartFlusherActivity"/>); <see cref="WbKupdate"/> waits
    /// for the flusher and re-arms the timer when it is done.</item>
    /// </list>
    /// </summary>
    [Models("mm/page-writeback.c", "wb_timer_fn", "2.6.20", Fingerprint = "0a11010343741508")]
    [Models("fs/fs-writeback.c", "bdi_writeback_thread (schedule_timeout(dirty_writeback_interval)), wb_do_writeback (wb_check_old_data_flush)", "2.6.36")]
    [Models("mm/backing-dev.c", "wakeup_timer_fn (wake_up_process of a running thread)", "3.3")]
    [Models("fs/fs-writeback.c", "wb_workfn (wb_wakeup_delayed), wb_do_writeback (wb_check_old_data_flush)", "4.13")]
    [Models("fs/fs-writeback.c", "wb_workfn (wb_wakeup_delayed), wb_do_writeback (wb_check_old_data_flush)", "6.9")]
    private void WbTimerFn()
    {
        if (kernel.Era.FlusherRunsWbWriteback())
        {
            // 2.6.36 to 3.9 the timer wakes the flusher thread (wakeup_timer_fn's
            // wake_up_process): a thread in the middle of a run is not asleep, and the wake-up is
            // lost; the run's own sleep at its end sets the next. From 3.10 the delayed work,
            // queued while it runs, runs again after.
            if (!kernel.Era.FlusherDelayedWakeupKeepsPending() && FlusherRuns > 0)
            {
                return;
            }

            // The flusher woken by its timer: 2.6.36 to 3.9 its thread, from 3.10 the delayed work.
            PeriodicFlushInFlight = true;
            var name = kernel.Era.FlusherDelayedWakeupKeepsPending() ? "wb_workfn" : "bdi_writeback_thread";
            kernel.Pdflush.StartFlusherActivity(name, WbKupdate, 0);
            return;
        }

        PeriodicFlushInFlight = true;
        if (kernel.Pdflush.PdflushOperation("wb_kupdate", WbKupdate, 0) < 0)
        {
            PeriodicFlushInFlight = false;
            Timers.ModTimer(WbTimer, Timers.Jiffies + Timers.Hz);
        }
    }

    /// <summary>A new dirty_writeback_interval: run kupdate that far from now, or never for zero.</summary>
    [Models("mm/page-writeback.c", "dirty_writeback_centisecs_handler", "2.6.20", Fingerprint = "2d6eb47da4dfaa1e")]
    private void DirtyWritebackCentisecsHandler()
    {
        if (Sysctls.DirtyWritebackInterval != 0)
        {
            Timers.ModTimer(WbTimer, Timers.Jiffies + Sysctls.DirtyWritebackInterval);
        }
        else
        {
            Timers.DelTimer(WbTimer);
        }
    }
}
