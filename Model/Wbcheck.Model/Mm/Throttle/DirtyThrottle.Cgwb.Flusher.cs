using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// A cgwb's flusher (cgroup writeback, 4.2): wb_start_background_writeback wakes the wb's own
/// work item, whose wb_workfn does background writeback of that wb's inodes alone while
/// wb_over_bg_thresh(wb) says the wb, or the machine, is over a background threshold. The root
/// wb's flusher is the model's pdflush-shaped background writeout
/// (<see cref="BackgroundWriteout"/>), which in these eras writes only the root wb's inodes.
/// </summary>
public sealed partial class DirtyThrottle
{
    /// <summary>
    /// wb_start_background_writeback(wb): wake the wb's flusher. The root wb's is the model's
    /// background writeout thread, run after what the flusher runs now (<see cref="BdiStartBackgroundWriteback"/>); a cgwb's is its own model
    /// thread, started unless it is already woken and not finished (the kernel re-queues the
    /// work, which then looks at the thresholds again: the model's flusher looks at them before
    /// every pass, and the next look of a throttled dirtier wakes it again).
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_start_background_writeback", "4.19")]
    [Models("fs/fs-writeback.c", "wb_start_background_writeback", "6.9")]
    internal void WbStartBackgroundWriteback(CgroupWb? wb)
    {
        if (wb is null)
        {
            BdiStartBackgroundWriteback();
            return;
        }

        WbWakeup(wb);
    }

    /// <summary>
    /// wb_wakeup of a cgwb: start its flusher (a model thread running <see cref="WbWorkfn"/>)
    /// unless it is woken already and not finished, in which case it finds what it was woken for
    /// before it ends (its loop looks at the thresholds before every pass and at the work list
    /// after its background flush). A wb wb_shutdown has unregistered (WB_registered clear) is
    /// not woken.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_wakeup", "4.19")]
    [Models("fs/fs-writeback.c", "wb_wakeup", "6.9")]
    internal void WbWakeup(CgroupWb wb)
    {
        if (wb.FlusherWoken || !wb.Registered)
        {
            return;
        }

        wb.FlusherWoken = true;
        kernel.Runtime.Spawn($"flusher {wb.Memcg.Name}", async () => await WbWorkfn(wb));
    }

    /// <summary>
    /// wb_workfn of a cgwb: WB_writeback_running while it writes (writeback_in_progress(wb)),
    /// wb_do_writeback over and over while works are queued: the works sync(2) split to the wb
    /// (bdi_split_work_to_wbs), one after another over the wb's own inodes,
    /// each counted off its completion; the flush of everything if sync's wake-up asked for one
    /// (4.15 on); then its background flush (the model gives the cgwb no kupdate of its own: the
    /// model's kupdate writes every inode).
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_workfn", "4.19")]
    [Models("fs/fs-writeback.c", "wb_do_writeback", "4.19")]
    [Models("fs/fs-writeback.c", "wb_do_writeback", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbWorkfn(CgroupWb wb)
    {
        wb.WritebackRunning = true;
        try
        {
            do
            {
                while (wb.GetNextWorkItem() is { } work)
                {
                    await WbWriteback(work, wb);
                    kernel.FsWriteback.FinishWritebackWork(work);
                }

                await WbCheckStartAll(wb);
                await WbCheckBackgroundFlush(wb);
            }
            while (wb.WorkQueued);
        }
        finally
        {
            wb.WritebackRunning = false;
            wb.FlusherWoken = false;
            WbFlusherDone();
        }
    }

    /// <summary>
    /// wb_check_background_flush and wb_writeback's background loop for a cgwb, the root
    /// flusher's loop (<see cref="BackgroundWriteout"/>) run on the wb: while
    /// wb_over_bg_thresh(wb), a walk of the wb's own inodes, oldest first, with the loop's
    /// wb_writeback_work from 3.1 (<see cref="FlusherWork"/>: nr_pages LONG_MAX, each inode its
    /// own chunk, the walk back to the loop after HZ/10 once it made progress), and the wb's write
    /// bandwidth estimated after each walk (3.2 to 5.13; 5.14 estimates in do_writepages); a walk
    /// ends the loop or sends it round again as the root's does (<see cref="FlusherGoesOn"/>:
    /// progress, or an inode on the wb's b_more_io to sleep on). Observers see each pass and the
    /// loop's end (<see cref="Invariants.FlusherLoopMonitor"/>).
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_check_background_flush", "4.19")]
    [Models("fs/fs-writeback.c", "wb_writeback (for_background)", "4.19")]
    [Models("fs/fs-writeback.c", "wb_writeback (for_background)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbCheckBackgroundFlush(CgroupWb wb)
    {
        var startTime = Timers.Jiffies;
        var wbc = new WritebackControl
        {
            SyncMode = WritebackSyncMode.None,
            NrToWrite = 0,
            Nonblocking = true,
            RangeCyclic = true,
            ForBackground = true,
            WbStart = FlusherWbStart(startTime),
            Work = FlusherWork(WritebackControl.LongMax),
        };
        while (true)
        {
            // A work queued on the wb (sync's, from 4.2) runs first; wb_workfn comes back here after.
            if ((kernel.Era.FlusherYieldsToQueuedWork() && wb.WorkQueued) || !WbOverBgThresh(wb))
            {
                break;
            }

            foreach (var observer in kernel.Observers)
            {
                observer.WbFlusherPass(wb);
            }

            wbc.EncounteredCongestion = false;
            wbc.MoreIoTail = null;
            wbc.NrToWrite = Machine.MaxWritebackPages;
            wbc.PagesSkipped = 0;
            var workPagesBefore = wbc.Work?.NrPages ?? 0;
            await kernel.FsWriteback.WritebackInodesWb(wbc, wb);
            if (IoLess && !TracksWritebackInodes)
            {
                WbUpdateBandwidth419(wb, null, null, startTime);
            }

            var wrote = wbc.Work is { } work ? workPagesBefore - work.NrPages : Machine.MaxWritebackPages - wbc.NrToWrite;
            if (!await FlusherGoesOn(wbc, wrote, checksSkipped: true))
            {
                break;
            }
        }

        foreach (var observer in kernel.Observers)
        {
            observer.WbFlusherEnded(wb, startTime);
        }
    }

    /// <summary>
    /// wb_over_bg_thresh for a cgwb: background writeback of the wb goes on while the machine's
    /// dirty pages (writeback not counted: "we're trying to decide whether to put more under
    /// writeback") are over the global background threshold, or the wb's dirty pages over its
    /// share of it; or, in its memcg's domain (mem_cgroup_wb_stats, mdtc_calc_avail,
    /// domain_dirty_limits), the memcg's dirty pages over its background threshold, or the wb's
    /// over its share of that. With <see cref="Faults.MemcgDomainIgnored"/> (mdtc NULL) only the
    /// global tests. The model's counters are exact, so 6.x's wb_stat_sum for a small threshold
    /// reads what wb_stat does.
    /// </summary>
    [Models("mm/page-writeback.c", "wb_over_bg_thresh", "4.19")]
    [Models("mm/page-writeback.c", "wb_over_bg_thresh", "6.9")]
    [Models("mm/page-writeback.c", "wb_over_bg_thresh (__wb_calc_thresh on the mdtc)", "6.10")]
    public bool WbOverBgThresh(CgroupWb wb)
    {
        var global = GlobalDirtyLimitsNow(TaskStruct.Ordinary);
        var dirty = (ulong)NrReclaimable();
        if (dirty > global.Background)
        {
            return true;
        }

        var stats = wb.Memcg.WbStats();

        // wb_stat(wb, WB_RECLAIMABLE): the dirty pages of the inodes attached to the wb.
        var reclaimable = (ulong)Math.Max(0, wb.Reclaimable);
        if (reclaimable > Arithmetic.WbCalcThresh(WbNow(wb, reclaimable, memcgDomain: false), global.Background))
        {
            return true;
        }

        if (Faults.MemcgDomainIgnored)
        {
            return false;
        }

        var avail = Arithmetic.MdtcCalcAvail(stats.FilePages, stats.Headroom, stats.Dirty, global.Avail, dirty);
        var background = Arithmetic.MemcgDomainDirtyLimits(avail, global.Avail, SettingsNow(), TaskStruct.Ordinary, Bdi.GlobalDirtyLimit).Background;
        if (stats.Dirty > background)
        {
            return true;
        }

        // Until 6.10, wb_calc_thresh(mdtc->wb, ...): the wb's share in the global domain, of the
        // memcg's threshold; from 6.10 its share in the memcg's domain (WbBgThreshInMemcgDomain).
        var memcgDomain = kernel.Era.WbBgThreshInMemcgDomain();
        return reclaimable > Arithmetic.WbCalcThresh(WbNow(wb, reclaimable, memcgDomain), background);
    }
}
