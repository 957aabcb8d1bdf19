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

    /// <summary>
    /// Start writeback of every dirty page on the disk, if it has any dirty inode: a WB_SYNC_NONE
    /// work of the dirty and unstable pages counted now, not for_background (so background
    /// writeout's yield to queued works does not concern it, and it runs to its end), queued on the
    /// flusher and not waited for (2.6.36's __bdi_start_writeback, range_cyclic 0); from 4.15 the
    /// flag that the flusher turns into such a work after the queued ones (<see cref="WbStartWriteback"/>).
    /// From 4.2 (<see cref="KernelEras.SplitsWorkToWbs"/>) every wb of the bdi with dirty io is
    /// started so, each with its share of the pages (<see cref="WbSplitBdiPages"/>; from 4.15 its
    /// flusher takes the share when it runs the flush).
    /// </summary>
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "2.6.36")]
    [Models("fs/fs-writeback.c", "__bdi_start_writeback", "2.6.36")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "4.4")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "6.9")]
    public void WakeupFlusherThreads()
    {
        if (!kernel.Inodes.Any(inode => (inode.State & InodeState.DirtyPages) != 0))
        {
            return;
        }

        var stat = kernel.Vmstat;
        var nrPages = stat.NrFileDirty + stat.NrUnstableNfs;
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
    /// <paramref name="nrPages"/> queued on its flusher; from 4.15 (<see cref="KernelEras.FlusherStartsAllAfterWorks"/>)
    /// WB_start_all set and the flusher woken, unless the flag is set already (one such flush
    /// pending or running at a time).
    /// </summary>
    [Models("fs/fs-writeback.c", "__bdi_start_writeback", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_start_writeback", "4.4")]
    [Models("fs/fs-writeback.c", "wb_start_writeback", "6.9")]
    internal void WbStartWriteback(CgroupWb? wb, long nrPages)
    {
        if (kernel.Era.SplitsWorkToWbs() && !kernel.Throttle.WbHasDirtyIo(wb))
        {
            return;
        }

        if (!kernel.Era.FlusherStartsAllAfterWorks())
        {
            WbQueueWork(wb, new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = nrPages });
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
