using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Fs;

/// <summary>The bits of inode-&gt;i_state that writeback of inodes uses.</summary>
[Models("include/linux/fs.h", "I_DIRTY_PAGES, I_LOCK", "2.6.20")]
[Flags]
public enum InodeState
{
    None = 0,

    /// <summary>I_DIRTY_PAGES: the inode has dirty pages and sits on the superblock's dirty list.</summary>
    DirtyPages = 1,

    /// <summary>I_LOCK: a thread is writing the inode back (I_SYNC since 2.6.27).</summary>
    Lock = 2,

    /// <summary>
    /// I_DIRTY_TIME (lazytime, 4.0): only the inode's timestamps are dirty; the inode waits on its
    /// wb's b_dirty_time list, which neither sets WB_has_dirty_io nor is walked by background
    /// writeback. Set by <see cref="FsWriteback.MarkInodeDirtyTime"/>; only cgroup writeback's
    /// dying-wb cleanup looks at it in the model.
    /// </summary>
    DirtyTime = 4,

    /// <summary>
    /// Not an i_state bit: the model's mark of an inode inside __mark_inode_dirty between its
    /// i_lock section (I_DIRTY_PAGES set) and its list_lock section (2.6.39 on,
    /// <see cref="KernelEras.MarkInodeDirtyTakesListLockApart"/>): dirty, but on no wb list yet,
    /// so it gives its wb no dirty io and no walk finds it.
    /// </summary>
    ListMovePending = 8,
}
