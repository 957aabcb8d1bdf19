using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// b_more_io (s_more_io before the per-bdi flushers of 2.6.32): the inodes a walk will go back
/// to before it moves on to newly expired ones. queue_io splices it onto b_io (FsWriteback.Io.cs)
/// in each era's place.
/// </summary>
public sealed partial class FsWriteback
{
    private readonly List<Inode> moreIo = [];

    /// <summary>
    /// Move <paramref name="inode"/> to b_more_io: the walk goes on with the other inodes and comes
    /// back to this one on the next turn (an inode is on one list at a time: it leaves the others).
    /// With <see cref="Faults.NoRequeueIo"/> the inode is left where it was, off b_more_io.
    /// </summary>
    [Models("fs/fs-writeback.c", "requeue_io", "2.6.29")]
    [Models("fs/fs-writeback.c", "requeue_io", "6.9")]
    private void RequeueIo(Inode inode)
    {
        if (kernel.Faults.NoRequeueIo)
        {
            return;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.FsWriteback));
        LeaveIo(inode);
        moreIo.Remove(inode);
        moreIo.Add(inode);
    }

    /// <summary>The inode moves to b_dirty, or off the lists when clean: it leaves b_io and b_more_io.</summary>
    private void LeaveIoLists(Inode inode)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.FsWriteback));
        LeaveIo(inode);
        moreIo.Remove(inode);
    }

    /// <summary>
    /// queue_io: b_more_io and the expired inodes of b_dirty (those dirtied by the walk's cut-off,
    /// oldest first) join what is still on b_io (<paramref name="leftover"/>, none from
    /// <see cref="KernelEras.QueueIoOnlyWhenBIoEmpty"/>), in the order the walk takes them: b_io
    /// is taken from its tail, b_more_io goes in at its head behind what b_io holds
    /// (<see cref="KernelEras.QueueIoSplicesMoreIoAfterBIo"/>; 2.6.29 spliced it at the tail, ahead of
    /// it) and the expired inodes behind both (3.10's diagram: b_io "edc", b_more_io "BA" and
    /// expired "f" give "fBAedc", taken from the right). The model keeps the inodes dirtied after
    /// the cut-off at the end, where the walk stops (2.6.29's and 2.6.36's background queue_io moved
    /// them onto b_io too, and the walk stopped at them there). From 3.1 the cut-off is queue_io's
    /// alone (<see cref="KernelEras.WalkTakesBIoWithoutCutOff"/>): move_expired_inodes leaves the
    /// younger inodes of b_dirty where they are, and b_more_io is spliced whole, however young.
    /// </summary>
    [Models("fs/fs-writeback.c", "queue_io", "2.6.29")]
    [Models("fs/fs-writeback.c", "queue_io", "3.10")]
    [Models("fs/fs-writeback.c", "move_expired_inodes", "3.10")]
    [Models("fs/fs-writeback.c", "queue_io", "6.9")]
    private List<Inode> QueueIo(WbWalk walk, List<Inode> leftover, WritebackControl wbc, long start)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.FsWriteback));
        var dirty = DirtyInodesOldestFirst(walk, wbc);
        var requeued = moreIo.Where(inode => walk.Takes(kernel, inode) && dirty.Contains(inode)).ToList();
        moreIo.RemoveAll(inode => walk.Takes(kernel, inode));
        var expired = dirty.Where(inode => !leftover.Contains(inode) && !requeued.Contains(inode));
        if (kernel.Era.WalkTakesBIoWithoutCutOff())
        {
            return [.. leftover, .. requeued, .. expired.Where(inode => !DirtiedAfterCutOff(inode, wbc, start))];
        }

        IEnumerable<Inode> queued = kernel.Era.QueueIoSplicesMoreIoAfterBIo()
            ? [.. leftover, .. requeued, .. expired]
            : [.. requeued, .. leftover, .. expired];
        var order = queued.ToList();
        return [.. order.Where(inode => !DirtiedAfterCutOff(inode, wbc, start)),
            .. order.Where(inode => DirtiedAfterCutOff(inode, wbc, start)).OrderBy(inode => inode.DirtiedWhen).ThenBy(inode => inode.Ino)];
    }

    /// <summary>
    /// The walk's end: tell the loop whether b_more_io holds inodes of this walk (more_io,
    /// 2.6.29's "if (!list_empty(&amp;sb-&gt;s_more_io)) wbc-&gt;more_io = 1") and which is at its tail
    /// (requeue_io adds at the head: the tail is the inode requeued first).
    /// </summary>
    [Models("fs/fs-writeback.c", "generic_sync_sb_inodes", "2.6.29")]
    [Models("fs/fs-writeback.c", "writeback_inodes_wb", "2.6.36")]
    private void ReportMoreIo(WritebackControl wbc, WbWalk walk)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.FsWriteback));
        wbc.MoreIoTail = moreIo.FirstOrDefault(inode => walk.Takes(kernel, inode));
    }

    /// <summary>
    /// Wait until nobody writes <paramref name="inode"/> back (I_SYNC clear): 2.6.36's wb_writeback
    /// waits so on the tail of b_more_io when a pass wrote nothing, "otherwise we'll just busyloop".
    /// Woken, it takes i_lock again: the flusher's wait holds no inode reference, so an inode
    /// freed meanwhile is touched after its free, the use-after-free in wb_writeback that
    /// 169ebd90131b "writeback: Avoid iput() from flusher thread" (3.5) names as fixed on the
    /// way [V: its message as posted to linux-mm]. Evict's own callers hold the inode.
    /// </summary>
    [Models("fs/fs-writeback.c", "inode_wait_for_writeback", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask InodeWaitForWriteback(Inode inode)
    {
        var label = new StepLabel("inode_wait_for_writeback", inode.Ino);
        while ((inode.State & InodeState.Lock) != 0)
        {
            await Runtime.Sleep(inode.StateQueue, label);
            Vfs.InodeTouch(inode, "inode_wait_for_writeback");
        }
    }

    /// <summary>
    /// Sleep once if <paramref name="inode"/> is being written back (I_SYNC), woken when it is done:
    /// wb_writeback's wait on the tail of b_more_io from 3.10 [R], which then looks again. Woken,
    /// it does not touch the inode: 169ebd90131b (3.5) made the wait return without taking i_lock
    /// again [V: its diff], since nothing pins the inode once I_SYNC is clear. With
    /// <see cref="Faults.FlusherWaitRetakesInode"/> it takes i_lock again, as before 3.5.
    /// </summary>
    [Models("fs/fs-writeback.c", "inode_sleep_on_writeback", "6.9")]
    [Models("fs/fs-writeback.c", "wb_writeback (if (!inode_wait_for_writeback(inode)) spin_unlock)", "3.5")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask InodeSleepOnWriteback(Inode inode)
    {
        if ((inode.State & InodeState.Lock) != 0)
        {
            await Runtime.Sleep(inode.StateQueue, new StepLabel("inode_sleep_on_writeback", inode.Ino));
            if (kernel.Faults.FlusherWaitRetakesInode)
            {
                Vfs.InodeTouch(inode, "inode_sleep_on_writeback");
            }
        }
    }
}
