using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Fs;

/// <summary>
/// Where an inode goes when a walk is done with it, era by era (docs/flusher-loop.md, "Where a
/// written inode goes"): b_more_io for the next turn, back on b_dirty through redirty_tail,
/// b_dirty_time, or off the lists.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// The end of <see cref="WritebackSingleInode"/> for <paramref name="inode"/>, written with
    /// <paramref name="wbc"/>, whose pages_skipped was <paramref name="pagesSkippedBefore"/> before.
    /// In order, as 3.6's requeue_inode tests them:
    /// a WB_SYNC_ALL or tagged_writepages pass stamps a still-dirty inode now (from 3.1,
    /// <see cref="KernelEras.SyncWritebackRestampsDirtyInode"/>); pages the filesystem skipped
    /// put it back by redirty_tail (before 3.6 writeback_sb_inodes' test after the write, with the
    /// same outcome); pages still tagged dirty requeue it to b_more_io when its slice is used up
    /// (kupdate's only in 2.6.29, every pass's from 2.6.36; from 6.10 only if dirtied by the walk's
    /// dirtied_before, <see cref="KernelEras.RequeueIoOnlyExpired"/>) and otherwise put it back by
    /// redirty_tail (2.6.29 only if nobody dirtied it again meanwhile:
    /// <see cref="KernelEras.RequeueTestsDirtyPagesAlone"/>); dirtied again, redirty_tail; with
    /// dirty timestamps alone, b_dirty_time stamped now (<see cref="KernelEras.RequeueInodeKeepsDirtyTime"/>);
    /// clean, off the lists. The model's inode is on b_dirty when it is dirty and on no other
    /// list, and it was stamped when a page dirtied it again (__mark_inode_dirty).
    /// </summary>
    [Models("fs/fs-writeback.c", "__sync_single_inode (not a whole-file writeback)", "2.5.31")]
    [Models("fs/fs-writeback.c", "__sync_single_inode (requeue_io, redirty_tail)", "2.6.29")]
    [Models("fs/fs-writeback.c", "writeback_single_inode (requeue_io, redirty_tail)", "2.6.36")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (pages_skipped: redirty_tail)", "2.6.36")]
    [Models("fs/fs-writeback.c", "requeue_inode", "3.10")]
    [Models("fs/fs-writeback.c", "requeue_inode", "6.9")]
    [Models("fs/fs-writeback.c", "requeue_inode (dirtied_before)", "6.10")]
    private void RequeueInode(Inode inode, WritebackControl wbc, long pagesSkippedBefore)
    {
        var era = kernel.Era;
        var moreIoEra = era.WritebackHasMoreIo();
        var tagged = HasPagesToWrite(inode.Mapping);
        var dirtiedAgain = (inode.State & InodeState.DirtyPages) != 0;
        if (tagged)
        {
            inode.State |= InodeState.DirtyPages;
        }

        // Sync livelock prevention: each inode is tagged and synced in one go; if still dirty, it
        // must not be queued again by the same sync.
        if (era.SyncWritebackRestampsDirtyInode() && (dirtiedAgain || tagged)
            && (wbc.SyncMode == WritebackSyncMode.All || wbc.TaggedWritepages))
        {
            inode.DirtiedWhen = JiffiesPastWorkStart(wbc);
        }

        if (moreIoEra && wbc.PagesSkipped != pagesSkippedBefore && (inode.State & InodeState.DirtyPages) != 0)
        {
            // Not making progress (locked buffers, a declined page): leave the inode for now.
            RedirtyTail(inode, wbc);
        }
        else if (tagged && (!dirtiedAgain || era.RequeueTestsDirtyPagesAlone()))
        {
            // Slice used up (2.6.29: kupdate's only; 2.6.36 on: every pass's): requeue_io, keeping
            // dirtied_when, so that the loop's next pass writes on where this one stopped. From
            // 6.10 only an inode dirtied by the walk's dirtied_before: kupdate leaves one that has
            // not expired to b_dirty, or it would go on writing it from b_more_io.
            if (moreIoEra && wbc.NrToWrite <= 0 && (wbc.ForKupdate || era.EveryPassRequeuesUsedUpSlice())
                && !(era.RequeueIoOnlyExpired() && wbc.DirtiedBefore is { } dirtiedBefore && Timers.TimeAfter(inode.DirtiedWhen, dirtiedBefore)))
            {
                RequeueIo(inode);
                return;
            }

            if (era.RedirtyTailKeepsYoungestStamp())
            {
                RedirtyTail(inode, wbc);
            }
            else if (!wbc.ForKupdate && !era.HasPageLists())
            {
                // 2.6.20 stamps it now. The list era keeps the stamp it had ("Not a whole-file
                // writeback": mapping->dirtied_when = orig_dirtied_when), or __mark_inode_dirty's.
                inode.DirtiedWhen = kernel.Timers.Jiffies;
            }
        }
        else if (dirtiedAgain && era.RedirtyTailKeepsYoungestStamp())
        {
            RedirtyTail(inode, wbc);
        }
        else if ((inode.State & (InodeState.DirtyPages | InodeState.DirtyTime)) == InodeState.DirtyTime && era.RequeueInodeKeepsDirtyTime())
        {
            // b_dirty_time: written back with its timestamps when they expire, or by sync.
            inode.DirtiedWhen = kernel.Timers.Jiffies;
        }

        // redirty_tail, b_dirty_time, or off the lists when clean: not on b_io or b_more_io.
        if (moreIoEra)
        {
            LeaveIoLists(inode);
        }
    }

    /// <summary>
    /// Whether <paramref name="mapping"/> still has pages to write after a pass: a page tagged dirty
    /// or, in the list era, which has no tags, a page on dirty_pages or io_pages (2.5's
    /// __sync_single_inode: "if (!list_empty(&amp;mapping-&gt;dirty_pages) || !list_empty(&amp;mapping-&gt;io_pages))",
    /// read in a 2.5.34-era fs-writeback.c; dirty_pages alone in a 2.5.2x one, whose
    /// mpage_writepages put what it left back on dirty_pages). Such an inode is "not a whole-file
    /// writeback": I_DIRTY_PAGES again, back on s_dirty with the stamp it had. Without the lists
    /// the list era's inode went clean after a pass nr_to_write cut short, and the background
    /// writeout's next pass found nothing to write.
    /// </summary>
    [Models("fs/fs-writeback.c", "__sync_single_inode (dirty_pages, io_pages)", "2.5.31")]
    [Models("fs/fs-writeback.c", "__sync_single_inode (mapping_tagged PAGECACHE_TAG_DIRTY)", "2.6.20")]
    private bool HasPagesToWrite(AddressSpace mapping) =>
        kernel.Era.HasPageLists()
            ? mapping.Lists.Count(PageListKind.Dirty) > 0 || mapping.Lists.Count(PageListKind.Io) > 0
            : mapping.MappingTagged(XaMark.Dirty);

    /// <summary>
    /// jiffies for the sync livelock prevention's stamp, read after the clock has passed the cut-off
    /// of the work <paramref name="wbc"/> walks for (its <see cref="WritebackControl.WbStart"/>: the
    /// oldest_jif wb_writeback took when the work began; null for a walk that is no queued work).
    /// The stamp keeps the inode out of the work's next queue_io only if it is after that cut-off
    /// (move_expired_inodes leaves what inode_dirtied_after). The kernel's jiffies run while the
    /// work writes, so at worst its loop goes round within the jiffy it began in and stops at the
    /// next tick; the model's clock moves only when model code moves it, and left standing here it
    /// queued the restamped inode again for ever: a WB_SYNC_ALL work over a file whose every page
    /// the filesystem declines spun in the 3.19 to 5.0 eras (a skipped page is progress there,
    /// until 68f4c6eba70d). So the walk of an inode costs the tick the kernel's loop waits for,
    /// here, where the kernel's outcome depends on it having passed.
    /// </summary>
    [Models("fs/fs-writeback.c", "requeue_inode (dirtied_when = jiffies, after the work's oldest_jif)", "3.10")]
    [Models("fs/fs-writeback.c", "requeue_inode (dirtied_when = jiffies, after the work's dirtied_before)", "6.9")]
    private long JiffiesPastWorkStart(WritebackControl wbc)
    {
        var timers = kernel.Timers;
        if (wbc.WbStart is { } start && !Timers.TimeAfter(timers.Jiffies, start))
        {
            timers.Advance(start + 1 - timers.Jiffies);
        }

        return timers.Jiffies;
    }
}
