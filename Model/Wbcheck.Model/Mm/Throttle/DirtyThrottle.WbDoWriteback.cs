using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The flusher thread running the works queued on it (sync(2)'s from 2.6.32,
/// <see cref="KernelEras.SyncQueuesFlusherWork"/>): one after another, each to its end, each
/// completed for the caller that waits on it. Background writeout and kupdate are the model's
/// threads of their own, which hold the flusher while they run (<see cref="FsWriteback.WbFlusherEnter"/>).
/// </summary>
public sealed partial class DirtyThrottle
{
    /// <summary>
    /// The flusher thread, woken by a queued work or a flush of everything: it waits until the
    /// flusher is free of background writeout or kupdate (which stop for a queued work from 2.6.37,
    /// <see cref="KernelEras.FlusherYieldsToQueuedWork"/>), then runs every queued work in order,
    /// then the flush of everything if one is asked for (<see cref="WbCheckStartAll"/>), then the
    /// periodic flush if one is due (<see cref="WbCheckOldDataFlush"/>), then from 2.6.37 the
    /// background check (<see cref="WbCheckBackgroundFlush"/>); then it sleeps, its next timed
    /// wake-up an interval from now while the disk has dirty io (<see cref="WbFlusherSleeps"/>).
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_do_writeback (the queued works, wb_check_old_data_flush)", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_do_writeback (the queued works, wb_check_old_data_flush, wb_check_background_flush)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WbDoWriteback()
    {
        var fsWriteback = kernel.FsWriteback;
        bool skipped;
        await fsWriteback.WbFlusherEnter();
        WbFlusherWoken();
        try
        {
            while (fsWriteback.GetNextWorkItem() is { } work)
            {
                await WbWriteback(work, null);
                fsWriteback.FinishWritebackWork(work);
            }

            await WbCheckStartAll(null);

            // Then the periodic flush, if an interval has passed since the last one: what the
            // flusher's timed wake-up would have done (wb_check_old_data_flush). A model kernel
            // whose periodic writeback was not started at boot has none. Then, 2.6.37 on,
            // background writeback if over the threshold.
            skipped = await WbOldDataFlushIfDue();
            await WbCheckBackgroundFlush();
        }
        finally
        {
            fsWriteback.WbFlusherLeave();
        }

        // The sleep after the run: the next timed wake-up an interval from now.
        WbFlusherSleeps(skipped);
    }

    /// <summary>
    /// After the queued works, a flush of everything if one was asked of <paramref name="wb"/>'s
    /// flusher (null: the root wb's; 4.15 on, <see cref="KernelEras.FlusherStartsAllAfterWorks"/>): a
    /// WB_SYNC_NONE pass, range_cyclic, of the wb's share (<see cref="FsWriteback.WbSplitBdiPages"/>,
    /// from 4.2) of the dirty pages and inodes counted now; the flag is cleared when it has run.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_check_start_all", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbCheckStartAll(CgroupWb? wb)
    {
        var fsWriteback = kernel.FsWriteback;
        if (!(wb?.StartAll ?? fsWriteback.StartAllPending))
        {
            return;
        }

        var nrPages = GetNrDirtyPages();
        if (nrPages > 0)
        {
            await WbWriteback(new WbWritebackWork { SyncMode = WritebackSyncMode.None, NrPages = fsWriteback.WbSplitBdiPages(wb, nrPages), RangeCyclic = true }, wb);
        }

        if (wb is null)
        {
            fsWriteback.ClearStartAll();
        }
        else
        {
            wb.StartAll = false;
        }
    }

    /// <summary>
    /// wb_writeback for a work queued on <paramref name="wb"/> (null: the root wb; range_cyclic as
    /// the work asks; sync's are not): pass after pass over the wb's inodes until the work's pages
    /// are spent or a pass ends the loop as the era's loop ends it (<see cref="FlusherGoesOn"/>);
    /// every walk stops at inodes dirtied after the work began. Before 4.2 the one wb's lists hold
    /// every inode; from 4.2 (<see cref="KernelEras.SplitsWorkToWbs"/>) each wb's works walk its own.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_writeback", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_writeback", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbWriteback(WbWritebackWork work, CgroupWb? wb)
    {
        var maxWritebackPages = Machine.MaxWritebackPages;
        var wbc = new WritebackControl
        {
            SyncMode = work.SyncMode,
            ForSync = work.ForSync,
            RangeCyclic = work.RangeCyclic,
            NrToWrite = 0,
            WbStart = Timers.Jiffies,
            // 3.1 on, the walk counts the work's nr_pages down inode by inode.
            Work = kernel.Era.WritebackChunkPerInode() ? work : null,
        };
        while (work.NrPages > 0)
        {
            wbc.EncounteredCongestion = false;
            wbc.MoreIoTail = null;
            wbc.NrToWrite = maxWritebackPages;
            wbc.PagesSkipped = 0;
            var workPagesBefore = work.NrPages;
            // "if (work->sb) __writeback_inodes_sb(...) else writeback_inodes_wb(...)" (2.6.36;
            // writeback_sb_inodes and __writeback_inodes_wb from 3.1): sync's works are walked
            // under the superblock walk's name.
            var walkName = work.Sb ? kernel.Names.SyncSbInodes : null;
            if (kernel.Era.SplitsWorkToWbs())
            {
                await kernel.FsWriteback.WritebackInodesWb(wbc, wb, walkName);
            }
            else
            {
                await kernel.FsWriteback.WritebackInodes(wbc, walkName);
            }

            long wrote;
            if (wbc.Work is null)
            {
                wrote = maxWritebackPages - wbc.NrToWrite;
                work.NrPages -= wrote;
            }
            else
            {
                wrote = workPagesBefore - work.NrPages;
            }

            if (!await FlusherGoesOn(wbc, wrote, checksSkipped: false))
            {
                break;
            }
        }
    }
}
