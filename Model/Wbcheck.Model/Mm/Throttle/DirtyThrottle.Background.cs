using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// pdflush's background writeout: write at least <paramref name="minPages"/> pages, and go on
    /// until dirty and unstable pages are under the background threshold. It looks again after
    /// every MAX_WRITEBACK_PAGES pages. A pass that wrote less than asked means everything is
    /// clean or the queue is congested: it waits for the queue, and stops unless it was the
    /// congestion that cut the pass short (2.5.31's loop had no wait: a short pass ended it, and
    /// its walk slept on a full queue instead of stopping at a congested one). From 3.19 it is the model's flusher for the I/O-less
    /// throttle: it stops under the era's background threshold and the disk's share of it
    /// (over_bground_thresh, <see cref="OverBgroundThresh"/>) and updates the disk's write bandwidth. In the
    /// 2.6.29 era it is pdflush's, and in 2.6.36's the flusher's, both stopping under the era's
    /// background threshold. How a pass ends the loop or sends it round again is each era's
    /// (<see cref="FlusherGoesOn"/>): 2.6.29's more_io, 2.6.36's wb_writeback loop with its wb_start,
    /// 3.x's progress.
    /// From the 4.13 era (cgroup writeback) it is the root wb's flusher and writes only the root
    /// wb's inodes; a memcg's wb has its own (<see cref="WbStartBackgroundWriteback"/>).
    /// </summary>
    [Models("mm/page-writeback.c", "background_writeout", "2.6.20", Fingerprint = "c51e6dc66fdb3973")]
    [Models("mm/page-writeback.c", "background_writeout", "2.6.29")]
    [Models("fs/fs-writeback.c", "wb_writeback (for_background)", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask BackgroundWriteout(long minPages)
    {
        var startTime = Timers.Jiffies;
        // From 2.6.32 this is a work of the disk's one flusher thread: it runs when the flusher
        // has finished what it runs now, and from 2.6.37 steps aside for a work queued meanwhile.
        if (!kernel.Era.FlusherRunsWbWriteback())
        {
            await WbBackgroundWriteback(minPages, startTime, flusher: false);
            return;
        }

        bool skipped;
        await kernel.FsWriteback.WbFlusherEnter();
        WbFlusherWoken();
        try
        {
            // wb_do_writeback's order: 2.6.37 on the periodic flush comes before the background
            // check this wake-up asked for; to 2.6.36 background writeout is a queued work, and
            // the periodic flush is asked after it.
            // (Booted asked first: a race scenario that never booted it has no periodic flush.)
            var checksBackground = PeriodicWritebackBooted && kernel.Era.FlusherChecksBackground();
            skipped = checksBackground && await WbOldDataFlushIfDue();
            await WbBackgroundWriteback(minPages, startTime, flusher: true);
            if (!checksBackground)
            {
                skipped = await WbOldDataFlushIfDue();
            }
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
    /// wb_check_background_flush (2.6.37 on, <see cref="KernelEras.FlusherChecksBackground"/>):
    /// whatever woke the flusher, after its works and the periodic flush, background writeback
    /// while over the background threshold, on the flusher the caller holds. A background
    /// wake-up already pending (<see cref="flusherWoken"/>) is the model's run of this check,
    /// right after; a model kernel whose writeback was not started at boot
    /// (<see cref="PeriodicWritebackBooted"/>) has, as no periodic flush, no check of its own.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_check_background_flush", "3.6")]
    [Models("fs/fs-writeback.c", "wb_check_background_flush", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbCheckBackgroundFlush()
    {
        if (!PeriodicWritebackBooted || !kernel.Era.FlusherChecksBackground())
        {
            return;
        }

        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
        if (flusherWoken || !OverBgroundThresh())
        {
            return;
        }

        await WbBackgroundWriteback(0, Timers.Jiffies, flusher: true);
    }

    /// <summary>
    /// Whether the disk's background writeout goes on: the machine's dirty and unstable pages at
    /// or over the era's background threshold, over it from 2.6.37 (<see cref="KernelEras.FlusherBackgroundTestIsStrict"/>);
    /// or, from 3.2 (<see cref="KernelEras.FlusherTestsDiskBackgroundShare"/>),
    /// the disk's own over its share of that threshold (3.x's over_bground_thresh with
    /// bdi_dirty_limit; from 4.2 wb_over_bg_thresh of the root wb, whose mdtc is not valid, with
    /// wb_calc_thresh). Without the second test a disk whose share is 0 (a strictlimit disk that
    /// has completed nothing, with the machine under its background threshold) is never
    /// written by the flusher, and its dirtier, woken to look again every pause, is held for good.
    /// </summary>
    [Models("fs/fs-writeback.c", "over_bground_thresh", "3.6")]
    [Models("mm/page-writeback.c", "wb_over_bg_thresh (the root wb)", "4.19")]
    [Models("mm/page-writeback.c", "wb_over_bg_thresh (the root wb)", "6.9")]
    public bool OverBgroundThresh() =>
        Faults.BackgroundWriteoutUntilClean
            ? NrReclaimable() != 0
            : OverBackgroundThresholds(diskShare: kernel.Era.FlusherTestsDiskBackgroundShare() && !Faults.FlusherIgnoresDiskBackgroundShare);

    private bool OverBackgroundThresholds(bool diskShare)
    {
        var nrReclaimable = NrReclaimable();
        var threshold = BackgroundThresholdOfEra();
        if (kernel.Era.FlusherBackgroundTestIsStrict() ? nrReclaimable > threshold : nrReclaimable >= threshold)
        {
            return true;
        }

        if (!diskShare)
        {
            return false;
        }

        // bdi_stat(bdi, BDI_RECLAIMABLE), then wb_stat(wb, WB_RECLAIMABLE) of the root wb: the
        // machine's dirty pages less every cgwb's. The model's counters are exact, so 6.x's
        // wb_stat_sum for a small share reads what wb_stat does.
        var reclaimable = CgroupWbs.Aggregate((ulong)nrReclaimable, (rest, wb) => rest - Math.Min(rest, (ulong)Math.Max(0, wb.Reclaimable)));
        var background = GlobalDirtyLimitsNow(TaskStruct.Ordinary).Background;
        var counted = Faults.FlusherDiskBackgroundTestCountsWriteback ? reclaimable + (ulong)Math.Max(0, Vmstat.NrWriteback) : reclaimable;
        return counted > Arithmetic.WbCalcThresh(WbNow(reclaimable), background);
    }

    /// <summary>
    /// wb_writeback for background writeout: the passes of <see cref="BackgroundWriteoutLoop"/>
    /// from <paramref name="startTime"/>, on the flusher the caller holds (<paramref name="flusher"/>)
    /// or, to 2.6.31, on a pdflush thread; then the observers are told it ended.
    /// </summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbBackgroundWriteback(long minPages, long startTime, bool flusher)
    {
        var wbc = new WritebackControl
        {
            SyncMode = WritebackSyncMode.None,
            NrToWrite = 0,
            Nonblocking = true,
            RangeCyclic = kernel.Era.HasRangeCyclic(), // the list era's pass has no such field: io_pages resumes it
            ForBackground = true,
            WbStart = FlusherWbStart(startTime),
            Work = FlusherWork(WritebackControl.LongMax),
        };
        minPages = await BackgroundWriteoutLoop(minPages, wbc, startTime, flusher);
        foreach (var observer in kernel.Observers)
        {
            observer.BackgroundWriteoutEnded(minPages, startTime);
        }
    }

    /// <summary>The passes of <see cref="BackgroundWriteout"/>; returns the pages still asked for.</summary>
    [Models("fs/fs-writeback.c", "wb_writeback (for_background)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<long> BackgroundWriteoutLoop(long minPages, WritebackControl wbc, long startTime, bool flusher)
    {
        var maxWritebackPages = Machine.MaxWritebackPages;
        while (true)
        {
            if (flusher && kernel.Era.FlusherYieldsToQueuedWork() && kernel.FsWriteback.WorkQueued)
            {
                await kernel.FsWriteback.WbFlusherYield();
            }

            if (!OverBgroundThresh() && minPages <= 0)
            {
                break;
            }

            foreach (var observer in kernel.Observers)
            {
                observer.BackgroundWriteoutPass(minPages);
            }

            wbc.EncounteredCongestion = false;
            wbc.MoreIoTail = null;
            wbc.NrToWrite = maxWritebackPages;
            wbc.PagesSkipped = 0;
            var workPagesBefore = wbc.Work?.NrPages ?? 0;
            // With cgroup writeback this is the root wb's flusher: it writes the root wb's inodes
            // alone, each memcg's being its own wb's (DirtyThrottle.Cgwb.Flusher.cs).
            if (CgroupWriteback)
            {
                await kernel.FsWriteback.WritebackInodesWb(wbc, null);
            }
            else
            {
                await kernel.FsWriteback.WritebackInodes(wbc);
            }

            // wb_writeback's bdi_update_bandwidth after each pass (3.2 to 5.13): the write bandwidth only.
            WbWritebackUpdateBandwidth(startTime);

            var wrote = wbc.Work is { } work ? workPagesBefore - work.NrPages : maxWritebackPages - wbc.NrToWrite;
            minPages -= wrote;
            if (!await FlusherGoesOn(wbc, wrote, checksSkipped: true))
            {
                break;
            }
        }

        return minPages;
    }

    /// <summary>
    /// Start background writeout of <paramref name="nrPages"/> pages, or of every dirty page for
    /// zero. Returns 0 if a pdflush thread took the work, -1 if all were busy.
    /// </summary>
    [Models("mm/page-writeback.c", "wakeup_pdflush", "2.6.20", Fingerprint = "559d860df7b5da5b")]
    public int WakeupPdflush(long nrPages)
    {
        if (nrPages == 0)
        {
            nrPages = NrReclaimable();
        }

        return kernel.Pdflush.PdflushOperation("background_writeout", BackgroundWriteout, nrPages);
    }
}
