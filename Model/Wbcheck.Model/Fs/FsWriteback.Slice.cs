using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Fs;

/// <summary>
/// 3.x's walk of the flusher's work (docs/flusher-loop.md, "The chunk and the time slice"): each
/// inode gets a chunk of its own, the work's nr_pages is counted down by what it wrote, and the
/// walk goes back to the loop after about a tenth of a second once it has written something.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// DIRTY_SCOPE: the chunk is at most an eighth of the global dirty limit, so that several
    /// inodes share the dirty pages the throttle lets through.
    /// </summary>
    [Models("include/linux/writeback.h", "DIRTY_SCOPE", "3.18")]
    public const ulong DirtyScope = 8;

    /// <summary>
    /// How many pages one inode may write in this walk. WB_SYNC_ALL and tagged_writepages write
    /// all they tagged in one go (LONG_MAX: the walk runs once, tags, then writes). Otherwise half
    /// the disk's write bandwidth (a second's worth in two), at most an eighth of the global dirty
    /// limit and what the work still asks for, rounded down to MIN_WRITEBACK_PAGES after adding it,
    /// so never below MIN_WRITEBACK_PAGES (<see cref="KernelEras.WritebackChunkScalesWithBandwidth"/>);
    /// before 1a12d8bd7b29, MAX_WRITEBACK_PAGES or what the work asks for if less. The model's
    /// <see cref="Mm.Throttle.Machine.MaxWritebackPages"/> stands for both constants: the kernel's
    /// MIN_WRITEBACK_PAGES (4 MiB) and MAX_WRITEBACK_PAGES are the same 1024 pages.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_chunk_size", "3.18")]
    [Models("fs/fs-writeback.c", "writeback_chunk_size", "6.9")]
    internal long WritebackChunkSize(WritebackControl wbc, WbWritebackWork work, CgroupWb? wb)
    {
        if (wbc.SyncMode == WritebackSyncMode.All || wbc.TaggedWritepages)
        {
            return WritebackControl.LongMax;
        }

        var minWritebackPages = kernel.Config.Machine.MaxWritebackPages;
        if (!kernel.Era.WritebackChunkScalesWithBandwidth())
        {
            return Math.Min(minWritebackPages, work.NrPages);
        }

        // The walking wb's own bandwidth (a cgwb's from 4.2), but the global domain's limit:
        // the chunk is a share of what the whole machine may hold dirty.
        var bandwidth = kernel.Throttle.BwOf(wb).AvgWriteBandwidth;
        var pages = (long)Math.Min(bandwidth / 2, kernel.Throttle.Bdi.GlobalDirtyLimit / DirtyScope);
        pages = Math.Min(pages, work.NrPages);
        return RoundDown(pages + minWritebackPages, minWritebackPages);
    }

    /// <summary>
    /// The walk has written <paramref name="inode"/> with <paramref name="chunk"/> pages to spend
    /// (<paramref name="wbc"/> as -&gt;writepages left it): count the work down and the walk's
    /// progress up (what it wrote, less what the filesystem skipped from 68f4c6eba70d, and one if
    /// the inode is clean now); whether the walk goes back to the loop, which it does once it has
    /// made progress and HZ/10 has passed since <paramref name="walkStart"/>, or the work is done.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (the chunk's accounting and the HZ/10 slice)", "3.18")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (the chunk's accounting and the HZ/10 slice)", "6.9")]
    private bool WorkSliceUsedUp(Inode inode, WritebackControl wbc, WbWritebackWork work, long chunk, long walkStart)
    {
        var written = chunk - wbc.NrToWrite;
        work.NrPages -= written;
        var wrote = kernel.Era.ProgressLeavesOutSkippedPages() ? Math.Max(0, written - wbc.PagesSkipped) : written;
        work.Progress += wrote;
        // I_DIRTY_ALL from lazytime (4.0): an inode left with dirty timestamps is not progress.
        // No earlier era sets DirtyTime, so the one test serves every era.
        if ((inode.State & (InodeState.DirtyPages | InodeState.DirtyTime)) == 0)
        {
            work.Progress++;
        }

        return work.Progress > 0
            && (Timers.TimeAfter(kernel.Timers.Jiffies, walkStart + (Timers.Hz / 10)) || work.NrPages <= 0);
    }

    /// <summary>round_down for a power-of-two <paramref name="step"/>, as the kernel's is; any step in the model.</summary>
    [Models("include/linux/math.h", "round_down", "6.9")]
    private static long RoundDown(long value, long step) => value - (value % step);
}
