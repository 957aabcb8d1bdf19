using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Fs;

public sealed partial class FsWriteback
{
    /// <summary>
    /// __mark_inode_dirty(inode, I_DIRTY_TIME) on a lazytime mount (0ae45f63d4ef, 4.0): a
    /// timestamp update that leaves the inode itself clean. With cgroup writeback the inode is
    /// first attached to the current task's memcg's wb if it has none (inode_attach_wb(inode,
    /// NULL)); unless its pages or the inode are dirty already it goes on that wb's
    /// b_dirty_time list (I_DIRTY_TIME), not b_dirty: writeback of pages does not write it, and
    /// its wb does not count as having dirty IO. The model writes no timestamps back (no
    /// dirtytime expiry, no sync of them): the state matters to the dying-wb cleanup only.
    /// </summary>
    [Models("fs/fs-writeback.c", "__mark_inode_dirty (I_DIRTY_TIME)", "6.9")]
    public void MarkInodeDirtyTime(Inode inode)
    {
        var throttle = kernel.Throttle;
        // inode_attach_wb looks at i_wb before it looks at the current task.
        if (throttle.CgroupWriteback && !inode.WbAttached)
        {
            throttle.InodeAttachWb(inode, throttle.Current.Memcg);
        }

        if ((inode.State & InodeState.DirtyPages) == 0)
        {
            inode.State |= InodeState.DirtyTime;
        }
    }
}
