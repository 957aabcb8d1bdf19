namespace Wbcheck.Model;

/// <summary>
/// How eviction and the flusher keep each other off an inode, era by era: by the flusher's
/// inode reference, or by I_SYNC and a wait in evict().
/// </summary>
public static class EvictEras
{
    /// <summary>
    /// The flusher writes an inode without a reference: I_SYNC pins it, and evict() waits for
    /// I_SYNC to clear before -&gt;evict_inode. From 3.5 [R]: Jan Kara's 169ebd90131b
    /// ("writeback: Avoid iput() from flusher thread": writeback_sb_inodes no longer takes
    /// __iget, "the fact that I_SYNC inode flag effectively pins the inode in memory") and
    /// 7994e6f72543 ("vfs: Move waiting for inode writeback from end_writeback() to
    /// evict_inode()": the wait moves from end_writeback, after the filesystem's truncate, to
    /// evict(), before -&gt;evict_inode, "so that -&gt;evict_inode() and writeback never run in
    /// parallel") [V: both messages, 7994e6f72543's diff; posted March 2012]. Before, the walk
    /// held an inode reference across each inode's pass (__iget, then iput, which could be the
    /// final one and evict in the flusher), and the I_SYNC wait in clear_inode / end_writeback
    /// "can never" find I_SYNC set (7994e6f72543's message). The model's 3.19 on.
    /// </summary>
    public static bool FlusherPinsInodeWithISync(this KernelEra era) => era.AtLeast(KernelEra.V3_19);
}
