using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// b_io (s_io before the per-bdi flushers): the inodes queue_io moved there for a walk, taken one
/// by one; what a walk did not reach stays there for the next walk (docs/flusher-loop.md, "The
/// walk order"). Each entry keeps the wb it was queued on: an inode switched to another wb since
/// went to that wb's b_dirty.
/// </summary>
public sealed partial class FsWriteback
{
    private readonly List<(Inode Inode, CgroupWb? Wb)> bIo = [];

    /// <summary>
    /// The inodes a walk takes, in the order it takes them, from 2.6.24's s_more_io on (the
    /// model's 2.6.29 era). queue_io refills b_io when this walk's share of it is empty; before
    /// <see cref="KernelEras.QueueIoOnlyWhenBIoEmpty"/> every walk but kupdate's refills it anyway,
    /// behind what it still holds (sync(2)'s own walks among them: 2.6.29's hold and integrity
    /// passes, 2.6.36's works); from then no walk does, sync's works included: wb_writeback's
    /// queue_io runs on an empty b_io whatever the work. A walk that does not refill takes what an
    /// earlier walk left on b_io (its slice or chunk used up) and nothing else: b_more_io and the
    /// inodes expired since wait for the next refill.
    /// </summary>
    [Models("fs/fs-writeback.c", "generic_sync_sb_inodes (queue_io unless kupdate finds s_io full)", "2.6.29")]
    [Models("fs/fs-writeback.c", "writeback_inodes_wb (queue_io unless kupdate finds b_io full)", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_writeback (queue_io if b_io is empty)", "6.9")]
    private List<Inode> TakeIo(WritebackControl wbc, WbWalk walk, long start)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.FsWriteback));
        var leftover = new List<Inode>();
        bIo.RemoveAll(entry =>
        {
            var inode = entry.Inode;
            // Cleaned since (the writer took it off the lists) or switched to another wb (moved
            // to that wb's b_dirty): no longer on this b_io.
            if ((inode.State & (InodeState.DirtyPages | InodeState.Lock)) == 0 || kernel.Throttle.InodeToWb(inode) != entry.Wb)
            {
                return true;
            }

            if (!walk.Takes(kernel, inode))
            {
                return false;
            }

            leftover.Add(inode);
            return true;
        });

        // sync(2)'s hold and WB_SYNC_ALL walks are not kupdate's: before 3.1 they refill as every
        // walk but kupdate's does.
        var refill = leftover.Count == 0 || (!kernel.Era.QueueIoOnlyWhenBIoEmpty() && !wbc.ForKupdate);
        if (!refill)
        {
            return leftover;
        }

        wbc.IoQueued = true;
        return QueueIo(walk, leftover, wbc, start);
    }

    /// <summary>
    /// The walk is over: what it queued and did not reach (<paramref name="unreached"/>, in walk
    /// order) stays on b_io, ahead of anything else there, unless another thread moved it to
    /// b_more_io meanwhile.
    /// </summary>
    [Models("fs/fs-writeback.c", "__writeback_inodes_wb (leave any unwritten inodes on b_io)", "6.9")]
    private void LeaveOnIo(IEnumerable<Inode> unreached)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.FsWriteback));
        var left = unreached
            .Where(inode => !moreIo.Contains(inode) && !OnIo(inode))
            .Select(inode => (inode, kernel.Throttle.InodeToWb(inode)))
            .ToList();
        bIo.InsertRange(0, left);
    }

    /// <summary>Whether <paramref name="inode"/> is on b_io, left there by a walk that did not reach it.</summary>
    private bool OnIo(Inode inode) => bIo.Exists(entry => entry.Inode == inode);

    /// <summary>The inode moves to another list (b_more_io, b_dirty, or off the lists when clean): it leaves b_io.</summary>
    private void LeaveIo(Inode inode) => bIo.RemoveAll(entry => entry.Inode == inode);
}
