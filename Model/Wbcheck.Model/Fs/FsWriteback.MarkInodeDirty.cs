using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// __mark_inode_dirty for I_DIRTY_PAGES, in the kernel's two lock sections (docs/flusher-loop.md,
/// "The first dirty inode's wake-up"): the inode's state under its i_lock (inode_lock before
/// 2.6.39, which held the whole function), then the move onto its wb's b_dirty under the list
/// lock, and the flusher's wake-up after.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// A page of <paramref name="inode"/> became dirty. An inode going from clean to dirty
    /// records the time: that is what kupdate's expire interval is measured from, and the order
    /// writeback visits inodes in. An inode being written (I_SYNC; I_LOCK in 2.6.20) only gets
    /// the flag: the writer places it when done (<see cref="RequeueInode"/>) and its dirtied_when
    /// stays, so that a file appended to during its own writeback is not made younger than the
    /// data the pass left behind. From 2.6.36 the first dirty inode of a disk with no dirty io
    /// asks for the flusher's delayed wake-up (<see cref="Mm.Throttle.DirtyThrottle.WbWakeupDelayed"/>).
    /// From 2.6.39 another thread can run between the i_lock section and the list_lock one
    /// (<see cref="KernelEras.MarkInodeDirtyTakesListLockApart"/>): the model takes that point
    /// where the flusher's timed wake-ups are modelled (<see cref="Mm.Throttle.DirtyThrottle.DirtyingMeetsFlusherSleep"/>),
    /// the one state the window decides; elsewhere the two sections are one step, as before.
    /// The wake-up follows the list_lock section without a point: a flusher that runs between
    /// finds the inode on b_dirty and sets its own timed wake-up, so no interleaving there loses
    /// one, and the model's check of it stays exact.
    /// </summary>
    [Models("fs/fs-writeback.c", "__mark_inode_dirty", "2.6.20")]
    [Models("fs/fs-writeback.c", "__mark_inode_dirty (wakeup_bdi: bdi_wakeup_thread_delayed)", "3.6")]
    [Models("fs/fs-writeback.c", "__mark_inode_dirty (i_lock, then wb.list_lock: wb_has_dirty_io under it)", "3.18")]
    [Models("fs/fs-writeback.c", "__mark_inode_dirty", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask MarkInodeDirty(Inode inode)
    {
        if (MarkInodeDirtyILocked(inode) is not { } firstDirtying)
        {
            return;
        }

        if (kernel.Throttle.DirtyingMeetsFlusherSleep() && kernel.Era.MarkInodeDirtyTakesListLockApart())
        {
            await Runtime.Schedule(PointKind.SpinLock, new StepLabel("spin_lock(&wb->list_lock)", inode.Ino));
        }

        InodeIoListMoveLocked(inode, firstDirtying);
    }

    /// <summary>
    /// <see cref="MarkInodeDirty"/> for a scenario's initial state, outside any thread: both
    /// sections at once.
    /// </summary>
    public void MarkInodeDirtyAtSetup(Inode inode)
    {
        if (MarkInodeDirtyILocked(inode) is { } firstDirtying)
        {
            InodeIoListMoveLocked(inode, firstDirtying);
        }
    }

    /// <summary>
    /// The i_lock section: set I_DIRTY_PAGES. Returns null where the function ends here (the
    /// inode was dirty already, or is being written: its writer places it), else whether this
    /// section found the wb without dirty io: where the test is made under i_lock, as 2.6.39 to
    /// 3.11 did (<see cref="Faults.DirtyIoTestedBeforeListLock"/>), its answer; else false, the
    /// list_lock section testing for itself. Before 2.6.39 inode_lock held both sections at once.
    /// </summary>
    [Models("fs/fs-writeback.c", "__mark_inode_dirty (spin_lock(&inode->i_lock), was_dirty)", "3.18")]
    private bool? MarkInodeDirtyILocked(Inode inode)
    {
        if ((inode.State & InodeState.DirtyPages) != 0)
        {
            return null;
        }

        var testsHere = kernel.Faults.DirtyIoTestedBeforeListLock;
        var wakeupBdi = testsHere && (inode.State & InodeState.Lock) == 0 && kernel.Throttle.FirstDirtyingWakesFlusher();
        inode.State |= InodeState.DirtyPages;
        if ((inode.State & InodeState.Lock) != 0)
        {
            return null;
        }

        // On no list until the list_lock section: not yet the wb's dirty io.
        inode.State |= InodeState.ListMovePending;
        return wakeupBdi;
    }

    /// <summary>
    /// The list_lock section and after: dirtied_when, the move onto b_dirty and, for the first
    /// dirty inode of a wb with no dirty io, the flusher's delayed wake-up. The test is made here,
    /// before the move, unless the i_lock section made it (<paramref name="firstDirtying"/>): 3.12
    /// on, and 4.2's inode_io_list_move_locked (wb_io_lists_populated) the same.
    /// </summary>
    [Models("fs/fs-writeback.c", "__mark_inode_dirty (spin_lock(&bdi->wb.list_lock), list_move, bdi_wakeup_thread_delayed)", "3.18")]
    [Models("fs/fs-writeback.c", "inode_io_list_move_locked (wb_io_lists_populated)", "6.9")]
    private void InodeIoListMoveLocked(Inode inode, bool firstDirtying)
    {
        var wakeupBdi = kernel.Faults.DirtyIoTestedBeforeListLock ? firstDirtying : kernel.Throttle.FirstDirtyingWakesFlusher();
        inode.State &= ~InodeState.ListMovePending;
        inode.DirtiedWhen = kernel.Timers.Jiffies;
        if (wakeupBdi)
        {
            kernel.Throttle.WbWakeupDelayed();
        }
    }
}
