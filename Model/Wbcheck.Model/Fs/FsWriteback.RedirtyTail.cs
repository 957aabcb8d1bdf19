using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Fs;

/// <summary>
/// redirty_tail: an inode left dirty goes back to the young end of b_dirty (s_dirty before the
/// per-bdi flushers), and its dirtied_when is renewed only if it would otherwise be older than
/// the inode already there, so that b_dirty stays in dirtying order without making an inode
/// that was dirtied again while it was written look younger than it is.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// Put <paramref name="inode"/> back on b_dirty after a walk left it dirty: stamp it now if it
    /// was dirtied before the youngest inode of its wb's b_dirty; keep its stamp if it is the
    /// youngest already, or if b_dirty is empty (read in 2.6.29's "!time_after_eq", 3.x's and
    /// 6.9's "time_before" against the head of b_dirty). The model's b_dirty is the wb's dirty
    /// inodes less those on b_more_io, those on b_io (an earlier walk left them there), and those
    /// <paramref name="wbc"/>'s walk queued on b_io and has not reached (<see cref="WritebackControl.QueuedForIo"/>).
    /// </summary>
    [Models("fs/fs-writeback.c", "redirty_tail", "2.6.29")]
    [Models("fs/fs-writeback.c", "redirty_tail_locked", "6.9")]
    private void RedirtyTail(Inode inode, WritebackControl wbc)
    {
        var wb = kernel.Throttle.InodeToWb(inode);
        var queued = wbc.QueuedForIo;
        var youngest = kernel.Inodes
            .Where(other => other != inode
                && (other.State & InodeState.DirtyPages) != 0
                && kernel.Throttle.InodeToWb(other) == wb
                && !moreIo.Contains(other)
                && !OnIo(other)
                && (queued is null || !queued.Contains(other)))
            .Select(other => (long?)other.DirtiedWhen)
            .Max();
        if (youngest is { } tail && Time.Timers.TimeBefore(inode.DirtiedWhen, tail))
        {
            inode.DirtiedWhen = kernel.Timers.Jiffies;
        }
    }
}
