using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// sync(2)'s wake-up of the flusher from 2.6.32 (<see cref="KernelEras.SyncQueuesFlusherWork"/>):
/// wakeup_flusher_threads asks for writeback of every dirty page, WB_SYNC_NONE, for reason
/// WB_REASON_SYNC. Until 4.15 that is a work queued ahead of sync's own, run first; from then a
/// flag the flusher looks at after its queued works (<see cref="KernelEras.FlusherStartsAllAfterWorks"/>),
/// so sync's WB_SYNC_ALL work, queued after it, runs before it unless the woken flusher reaches
/// the flag first (docs/flusher-loop.md, "sync(2)'s wake-up").
/// </summary>
public sealed partial class FsWriteback
{
    private bool startAll;

    /// <summary>Whether a flush of everything is asked for (WB_start_all).</summary>
    internal bool StartAllPending
    {
        get
        {
            AccessLog.Read(flusher.AccessId);
            return startAll;
        }
    }

    /// <summary>sync(2)'s wake-up: writeback of every dirty page (<see cref="WakeupFlusherThreads(long)"/> for zero).</summary>
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads (sys_sync: nr_pages 0, WB_REASON_SYNC)", "3.18")]
    public void WakeupFlusherThreads() => WakeupFlusherThreads(0);

    /// <summary>
    /// Start writeback of <paramref name="nrPages"/> pages on the disk, every dirty page for zero
    /// (the dirty and unstable pages counted now, and from 3.19 one for each dirty inode,
    /// <see cref="KernelEras.WakeupCountsDirtyInodes"/>), if it has dirty io (bdi_has_dirty_io,
    /// <see cref="Mm.Throttle.DirtyThrottle.BdiHasDirtyIo"/>): a WB_SYNC_NONE work,
    /// not for_background (so background writeout's yield to queued works does not concern it,
    /// and it runs to its end), queued on the flusher and not waited for (2.6.36's
    /// __bdi_start_writeback, range_cyclic 0); from 4.15 the flag that the flusher turns into such
    /// a work of every dirty page after the queued ones, whatever was asked (<see cref="WbStartWriteback"/>).
    /// From 4.2 (<see cref="KernelEras.SplitsWorkToWbs"/>) every wb of the bdi with dirty io is
    /// started so, each with its share of the pages (<see cref="WbSplitBdiPages"/>; from 4.15 its
    /// flusher takes the share when it runs the flush). sync(2) asks for every page; page reclaim
    /// asks for what it scanned to 4.10, every page after (<see cref="Mm.Throttle.DirtyThrottle.WakeupFlusherThreads"/>).
    /// The reason (WB_REASON_SYNC, WB_REASON_VMSCAN) reaches only tracepoints: not modelled.
    /// </summary>
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "2.6.36")]
    [Models("fs/fs-writeback.c", "__bdi_start_writeback", "2.6.36")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads (get_nr_dirty_pages)", "3.18")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "4.4")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "6.9")]
    internal void WakeupFlusherThreads(long nrPages)
    {
        // bdi_has_dirty_io: the writeback lists, so an inode a pass is writing counts (before 3.6
        // it has no I_DIRTY_PAGES while under I_SYNC).
        if (!kernel.Throttle.BdiHasDirtyIo())
        {
            return;
        }

        if (nrPages == 0)
        {
            var stat = kernel.Vmstat;
            nrPages = kernel.Era.WakeupCountsDirtyInodes() ? kernel.Throttle.GetNrDirtyPages() : stat.NrFileDirty + stat.NrUnstableNfs;
        }

        if (!kernel.Era.SplitsWorkToWbs())
        {
            WbStartWriteback(null, nrPages);
            return;
        }

        foreach (var wb in (IEnumerable<CgroupWb?>)[null, .. kernel.Throttle.CgroupWbs.ToList()])
        {
            WbStartWriteback(wb, WbSplitBdiPages(wb, nrPages));
        }
    }

    /// <summary>
    /// Start writeback of everything on <paramref name="wb"/> (null: the root wb), if it has dirty
    /// io (one wb per disk before 4.2: the caller looked). Until 4.15 a WB_SYNC_NONE work of
    /// <paramref name="nrPages"/> queued on its flusher, range_cyclic as asked (laptop mode's is,
    /// wakeup_flusher_threads' is not); from 4.15 (<see cref="KernelEras.FlusherStartsAllAfterWorks"/>)
    /// WB_start_all set and the flusher woken, unless the flag is set already: the flusher clears
    /// it when the flush has run, not when it starts (85009b4f5f03, "writeback: eliminate work
    /// item allocation in bd_start_writeback()": "the writeback thread will clear it once it has
    /// processed the request"), so one such flush is pending or running at a time, and a wake-up
    /// while it runs adds nothing. (aac8d41cd438, the series' commit before it, cleared the bit
    /// when the flusher took the queued work, allowing one running and one pending; both are
    /// 4.15 [I: one series, posted and merged together], so no release has that form.)
    /// </summary>
    [Models("fs/fs-writeback.c", "__bdi_start_writeback", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_start_writeback", "4.4")]
    [Models("fs/fs-writeback.c", "wb_start_writeback", "6.9")]
    internal void WbStartWriteback(CgroupWb? wb, long nrPages, bool rangeCyclic = false)
    {
        if (kernel.Era.SplitsWorkToWbs() && !kernel.Throttle.WbHasDirtyIo(wb))
        {
            return;
        }

        if (!kernel.Era.FlusherStartsAllAfterWorks())
        {
            WbQueueWork(wb, new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = nrPages, RangeCyclic = rangeCyclic });
            return;
        }

        if (wb is not null)
        {
            if (!wb.StartAll)
            {
                wb.StartAll = true;
                kernel.Throttle.WbWakeup(wb);
            }

            return;
        }

        AccessLog.Write(flusher.AccessId);
        if (startAll)
        {
            return;
        }

        startAll = true;
        WbWakeup();
    }

    /// <summary>The flush of everything has run: the next request may set the flag again.</summary>
    [Models("fs/fs-writeback.c", "wb_check_start_all (clear_bit)", "6.9")]
    internal void ClearStartAll()
    {
        AccessLog.Write(flusher.AccessId);
        startAll = false;
    }
}
