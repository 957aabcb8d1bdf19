using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// The flusher's take of one inode of b_io: the tests before it takes the inode and the
/// reference it holds across the pass, shared by the walk (<see cref="SyncSbInodes"/>) and by a
/// caller that names the inode rather than walks the lists (the properties' writeback command in
/// a case with an unlink, docs/eras.md section 121), which holds no inode reference, as the
/// flusher holds none of a process's.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// Write <paramref name="inode"/> back as writeback_sb_inodes does when its walk reaches it:
    /// an inode on no dirty list (clean and not being written, or freed) is not met, nor is one
    /// being freed (<see cref="WritebackSbInodeSkips"/>); the pass holds the era's reference
    /// (<see cref="WritebackSbInodeGet"/>) and drops it after, and that iput may evict. Returns
    /// whether the walk met the inode.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (one inode: an I_FREEING inode already off the lists, BUG_ON(I_FREEING), __iget, writeback_single_inode, iput)", "2.6.36")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (one inode: I_FREEING skip, __writeback_single_inode under I_SYNC)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> WritebackInodeAsFlusher(Inode inode, WritebackControl wbc)
    {
        if (inode.Evicted || WritebackSbInodeSkips(inode))
        {
            return false;
        }

        var pinned = WritebackSbInodeGet(inode, kernel.Names.WritebackUnlockedInodes);
        await WritebackSingleInode(inode, wbc);
        if (pinned)
        {
            await kernel.Vfs.IputInStep(inode);
        }

        return true;
    }

    /// <summary>
    /// The walk's tests of an inode it took from b_io, read in the step that sets I_SYNC (or
    /// takes __iget), as under the kernel's i_lock: true for one written back and cleaned by
    /// someone else since the list was taken, and for one being freed since. From 3.5
    /// writeback_sb_inodes skips an I_FREEING inode (its I_SYNC would pin an inode evict() is
    /// already past waiting for); before, iput_final / generic_delete_inode took it off the lists
    /// first (2.6.36's walk skipped only I_NEW | I_WILL_FREE and had BUG_ON(I_FREEING)).
    /// <see cref="Faults.WalkTakesFreeingInode"/> takes the skip away.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (I_NEW | I_FREEING | I_WILL_FREE: skip)", "6.9")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (an I_FREEING inode already off the lists)", "2.6.36")]
    private bool WritebackSbInodeSkips(Inode inode) =>
        (inode.State & (InodeState.DirtyPages | InodeState.Lock)) == 0
        || (inode.Freeing && !kernel.Faults.WalkTakesFreeingInode);

    /// <summary>
    /// The walk's hold on the inode across its pass: before 3.5 an inode reference (__iget, with
    /// its BUG_ON(I_FREEING), which the skip keeps from firing), whose iput after the pass may be
    /// the last one: the flusher then evicts. From 3.5 (the model's 3.19,
    /// <see cref="EvictEras.FlusherPinsInodeWithISync"/>) I_SYNC alone pins the inode and evict()
    /// waits for it (169ebd90131b, 7994e6f72543 [V: both diffs]). Returns whether a reference was
    /// taken, for the caller to drop after the pass (<see cref="Vfs.IputInStep"/>).
    /// <paramref name="walkName"/> names the walk for the BUG_ON.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (__iget(inode))", "2.6.36")]
    [Models("fs/fs-writeback.c", "sync_sb_inodes (__iget(inode))", "2.6.20")]
    private bool WritebackSbInodeGet(Inode inode, string walkName)
    {
        if (kernel.Era.FlusherPinsInodeWithISync())
        {
            return false;
        }

        kernel.Vfs.Iget(inode, walkName);
        return true;
    }
}
