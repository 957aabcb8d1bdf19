using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The end of each pass of the flusher's loop, era by era: whether it goes round again, and what
/// it waits for first (docs/flusher-loop.md). Background writeout, kupdate and a cgwb's flusher
/// all end their passes here.
/// </summary>
public sealed partial class DirtyThrottle
{
    /// <summary>
    /// A pass of the flusher's loop has written <paramref name="wrote"/> pages of its chunk
    /// (<paramref name="wbc"/> as the walk left it): whether the loop goes round again.
    /// 2.5.31: a pass that used its nr_to_write goes round, a short one ends the loop, no wait.
    /// 2.6.20: a pass that wrote less than asked (or, for background writeout,
    /// <paramref name="checksSkipped"/>, skipped pages) waits for the queue and ends unless
    /// congestion cut it short. 2.6.29: it ends unless congestion or more_io cut it short, and
    /// only then waits. 2.6.36 (wb_writeback): a used-up chunk goes round; a pass without more_io
    /// ends it; one that wrote something goes round; one that wrote nothing waits for the inode
    /// at the tail of b_more_io. 3.x on: a pass with progress goes round; one without ends it if
    /// b_more_io is empty (from 6.10 only once a pass has queued inodes, <see cref="KernelEras.FlusherLoopEndsOnlyAfterQueueIo"/>),
    /// and otherwise sleeps once on the tail's writeback; a page the filesystem
    /// skipped counts as progress until 68f4c6eba70d (<see cref="KernelEras.ProgressLeavesOutSkippedPages"/>),
    /// so a filesystem that declines every page keeps the 3.19 to 5.0 eras' loop going while over
    /// the threshold, as those kernels did.
    /// </summary>
    [Models("mm/page-writeback.c", "background_writeout (do ... while (nr_to_write <= 0))", "2.5.31")]
    [Models("mm/page-writeback.c", "background_writeout", "2.6.20", Fingerprint = "c51e6dc66fdb3973")]
    [Models("mm/page-writeback.c", "background_writeout", "2.6.29")]
    [Models("mm/page-writeback.c", "wb_kupdate", "2.6.29")]
    [Models("fs/fs-writeback.c", "wb_writeback", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_writeback", "6.9")]
    [Models("fs/fs-writeback.c", "wb_writeback (progress || !queued)", "6.10")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> FlusherGoesOn(WritebackControl wbc, long wrote, bool checksSkipped)
    {
        var era = kernel.Era;
        if (era.FlusherLoopEndsOnNoProgress())
        {
            // The walk of the loop's work counted its progress inode by inode (FsWriteback.Slice.cs);
            // a walk without one (the cgwb flusher's) shared one chunk: 68f4c6eba70d (6.9 era):
            // wrote = chunk - nr_to_write - pages_skipped, never below 0.
            if (wbc.Work is { } work)
            {
                wrote = work.Progress;
            }
            else if (era.ProgressLeavesOutSkippedPages())
            {
                wrote = Math.Max(0, wrote - wbc.PagesSkipped);
            }

            // 6.10: a loop that has not queued yet walked only what an earlier one left on b_io;
            // it goes round to queue what it is for (d92109891f21). The era is asked only when
            // the loop has not queued: a run whose loops always had asks nothing of 6.10, so its
            // 6.9 run proves 6.10 (docs/search.md, "A later era proved by an earlier era's run").
            if (wrote > 0 || (!wbc.IoQueued && era.FlusherLoopEndsOnlyAfterQueueIo()))
            {
                return true;
            }

            if (wbc.MoreIoTail is not { } tail)
            {
                return Faults.FlusherIgnoresNoProgress;
            }

            await kernel.FsWriteback.InodeSleepOnWriteback(tail);
            return true;
        }

        if (era.FlusherRunsWbWriteback())
        {
            if (wbc.NrToWrite <= 0)
            {
                return true;
            }

            if (!wbc.MoreIo)
            {
                return false;
            }

            if (wrote > 0)
            {
                return true;
            }

            await kernel.FsWriteback.InodeWaitForWriteback(wbc.MoreIoTail!);
            return true;
        }

        // 2.5.31's background_writeout: "do { ... } while (nr_to_write <= 0)". A pass that used
        // its nr_to_write goes round; a short one ends the loop at once. Nothing waits: the walk
        // itself slept on a full queue (get_request_wait), and no pass was cut short by congestion.
        if (!era.BackgroundWriteoutWaitsAfterShortPass())
        {
            return wbc.NrToWrite <= 0;
        }

        if (wbc.NrToWrite <= 0 && !(checksSkipped && wbc.PagesSkipped > 0))
        {
            return true;
        }

        if (era.WritebackHasMoreIo())
        {
            if (!wbc.EncounteredCongestion && !wbc.MoreIo)
            {
                return false;
            }

            await kernel.BackingDev.CongestionWait(Timers.Hz / 10);
            return true;
        }

        await kernel.BackingDev.CongestionWait(Timers.Hz / 10);
        return wbc.EncounteredCongestion;
    }

    /// <summary>
    /// The loop's wb_writeback_work from 3.1 (<see cref="KernelEras.WritebackChunkPerInode"/>),
    /// asking for <paramref name="nrPages"/>; null before, when a pass shares one nr_to_write.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_check_background_flush, wb_check_old_data_flush (the work)", "6.9")]
    private WbWritebackWork? FlusherWork(long nrPages) =>
        kernel.Era.WritebackChunkPerInode() ? new WbWritebackWork { NrPages = nrPages } : null;

    /// <summary>
    /// wb_start of the flusher's loop: 2.6.36's wb_writeback stops every walk at inodes dirtied
    /// after the loop began (livelock avoidance); the pdflush loops before and 3.x's per-pass
    /// cut-off stop each walk at inodes dirtied after that walk began.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_writeback (wbc.wb_start)", "2.6.36")]
    private long? FlusherWbStart(long loopStart) =>
        kernel.Era.FlusherRunsWbWriteback() && !kernel.Era.FlusherLoopEndsOnNoProgress() ? loopStart : null;
}
