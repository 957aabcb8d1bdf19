using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Fs;

/// <summary>
/// struct wb_writeback_work. As the flusher's loop hands it to the walk from 3.1 on
/// (<see cref="KernelEras.WritebackChunkPerInode"/>): how many pages the loop still asks for, which
/// the walk counts down inode by inode, and what the last walk wrote, which tells the loop whether
/// it made progress; the rest of a background or kupdate loop's work (for_background, for_kupdate)
/// is the model's <see cref="Mm.WritebackControl"/>, which the loop keeps from pass to pass. As
/// sync(2) queues it on the flusher from 2.6.32 (<see cref="KernelEras.SyncQueuesFlusherWork"/>):
/// also its sync mode, for_sync, and the completion its caller waits on.
/// </summary>
[Models("fs/fs-writeback.c", "struct wb_writeback_work (nr_pages)", "6.9")]
[Models("fs/fs-writeback.c", "struct wb_writeback_work (sync_mode, done)", "2.6.36")]
[Models("fs/fs-writeback.c", "struct wb_writeback_work (for_sync, range_cyclic)", "6.9")]
[Models("fs/fs-writeback.c", "struct wb_writeback_work (sb)", "2.6.36")]
public sealed class WbWritebackWork
{
    /// <summary>nr_pages: what the loop still asks for (LONG_MAX for background writeout and WB_SYNC_ALL).</summary>
    public long NrPages { get; set; }

    /// <summary>
    /// writeback_sb_inodes' return for the last walk: the pages it wrote (less those the filesystem
    /// skipped, from 68f4c6eba70d) and one for every inode it left clean.
    /// </summary>
    public long Progress { get; set; }

    /// <summary>sync_mode of a queued work.</summary>
    public WritebackSyncMode SyncMode { get; init; }

    /// <summary>for_sync of a queued work (3.11): the flusher leaves the wait on its pages to the caller.</summary>
    public bool ForSync { get; init; }

    /// <summary>range_cyclic of a queued work: each file from its writeback_index rather than its start.</summary>
    public bool RangeCyclic { get; init; }

    /// <summary>
    /// sb of a queued work: set by sync(2)'s passes (writeback_inodes_sb, sync_inodes_sb; the model
    /// has one superblock), so that wb_writeback walks it with __writeback_inodes_sb (2.6.36) /
    /// writeback_sb_inodes, not the flusher's own walk of the whole wb.
    /// </summary>
    public bool Sb { get; init; }

    /// <summary>done: the completion the queuing thread waits on, counting this work until the flusher has run it; null if nobody waits.</summary>
    public WbCompletion? Done { get; init; }

    /// <summary>
    /// A copy of this work for one wb, asking for <paramref name="nrPages"/> (bdi_split_work_to_wbs:
    /// "*work = *base_work; work-&gt;nr_pages = nr_pages"), counted by the same completion.
    /// </summary>
    [Models("fs/fs-writeback.c", "bdi_split_work_to_wbs (the clone)", "6.9")]
    public WbWritebackWork CloneFor(long nrPages) => new()
    {
        NrPages = nrPages,
        SyncMode = SyncMode,
        ForSync = ForSync,
        RangeCyclic = RangeCyclic,
        Sb = Sb,
        Done = Done,
    };
}
