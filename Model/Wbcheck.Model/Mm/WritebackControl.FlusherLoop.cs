using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;

namespace Wbcheck.Model.Mm;

/// <summary>What a walk of the dirty inodes tells the flusher's loop about what it left (docs/flusher-loop.md).</summary>
public sealed partial class WritebackControl
{
    /// <summary>
    /// more_io: the walk left inodes on b_more_io (s_more_io before 2.6.32), to be written as
    /// soon as the loop goes round again: an inode whose slice was used up, or one skipped because
    /// another thread was writing it. Set by the walk from 2.6.24 (the model's 2.6.29 era): the
    /// model keeps the list's tail, and more_io is whether there is one.
    /// </summary>
    [Models("include/linux/writeback.h", "struct writeback_control (more_io)", "2.6.29")]
    public bool MoreIo => MoreIoTail is not null;

    /// <summary>
    /// The inode at the tail of b_more_io when the walk ended (the one wb_writeback waits on when
    /// a pass wrote nothing), or null when b_more_io was empty (or the era has no more_io).
    /// </summary>
    public Inode? MoreIoTail { get; set; }

    /// <summary>
    /// wb_start: the jiffy the flusher's loop began (2.6.36's livelock avoidance): the walk stops
    /// at an inode dirtied after it, every pass of the loop, not only after the pass began. Null:
    /// each walk stops at inodes dirtied after it began.
    /// </summary>
    [Models("include/linux/writeback.h", "struct writeback_control (wb_start)", "2.6.36")]
    public long? WbStart { get; set; }

    /// <summary>
    /// The flusher loop's work (3.1 on): set, the walk sizes each inode's nr_to_write itself
    /// (writeback_chunk_size) and counts the work down; null, the walk shares this control's
    /// nr_to_write over its inodes, as before 3.1 (and as the model's cgwb flusher still does).
    /// </summary>
    public WbWritebackWork? Work { get; set; }

    /// <summary>
    /// dirtied_before of the walk (6.10's writeback_sb_inodes, which hands it to requeue_inode):
    /// kupdate's expire cut-off, or the jiffy the walk began. An inode whose slice was used up goes
    /// to b_more_io only if it was dirtied by then (<see cref="KernelEras.RequeueIoOnlyExpired"/>).
    /// Set by the walk; null outside one.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (dirtied_before)", "6.10")]
    internal long? DirtiedBefore { get; set; }

    /// <summary>
    /// queued: a walk of this loop has refilled b_io (queue_io). 6.10's wb_writeback ends on a pass
    /// without progress only once it has (<see cref="KernelEras.FlusherLoopEndsOnlyAfterQueueIo"/>).
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_writeback (queued)", "6.10")]
    public bool IoQueued { get; set; }

    /// <summary>
    /// b_io as the walk holds it: the inodes it queued and has not reached yet, which are on no
    /// other list (redirty_tail compares with b_dirty alone). Null outside a walk.
    /// </summary>
    internal IReadOnlyCollection<Inode>? QueuedForIo { get; set; }
}
