using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// The flusher's turn at one inode of b_io, for a caller that names the inode rather than walks
/// the lists (the properties' writeback command in a case with an unlink, docs/eras.md section
/// 121): the caller holds no inode reference, as the flusher holds none of a process's.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// Write <paramref name="inode"/> back as writeback_sb_inodes does when its walk reaches it:
    /// an inode on no dirty list (clean and not being written, or freed) is not met; one being
    /// freed (I_FREEING) is skipped; before 3.5 the walk takes __iget (with its
    /// BUG_ON(I_FREEING)) across the pass and drops it after, and that iput may evict; from 3.5
    /// (the model's 3.19, <see cref="EvictEras.FlusherPinsInodeWithISync"/>) I_SYNC alone pins
    /// the inode and evict() waits for it (169ebd90131b, 7994e6f72543 [V: both diffs]). The
    /// skip, the reference and I_SYNC are taken in one step, as under the kernel's i_lock. Returns
    /// whether the walk met the inode.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (one inode: I_FREEING skip, __iget, writeback_single_inode, iput)", "2.6.36")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (one inode: I_FREEING skip, __writeback_single_inode under I_SYNC)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> WritebackInodeAsFlusher(Inode inode, WritebackControl wbc)
    {
        if (inode.Evicted || (inode.State & (InodeState.DirtyPages | InodeState.Lock)) == 0)
        {
            return false;
        }

        if (inode.Freeing && !kernel.Faults.WalkTakesFreeingInode)
        {
            return false;
        }

        var pinned = !kernel.Era.FlusherPinsInodeWithISync();
        if (pinned)
        {
            kernel.Vfs.Iget(inode, kernel.Names.WritebackUnlockedInodes);
        }

        await WritebackSingleInode(inode, wbc);
        if (pinned)
        {
            await kernel.Vfs.IputInStep(inode);
        }

        return true;
    }
}
