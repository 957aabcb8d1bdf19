using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Fs;

public sealed partial class FsWriteback
{
    /// <summary>
    /// Write back the dirty inodes of one bdi_writeback (cgroup writeback, 4.2: each wb has its
    /// own b_dirty/b_io lists, and its flusher walks only those), oldest dirtied first, as
    /// <see cref="WritebackInodes"/> does for the whole disk: <paramref name="wb"/> a memcg's
    /// cgwb, or null for the disk's root wb (the inodes of no memcg). With
    /// <see cref="Faults.FlusherIgnoresWb"/> the walk takes every dirty inode of the disk, as the
    /// one wb of the kernels before cgroup writeback did. <paramref name="walkName"/> labels the
    /// walk: the flusher's own (<see cref="EraNames.WritebackUnlockedInodes"/>) unless given.
    /// </summary>
    [Models("fs/fs-writeback.c", "__writeback_inodes_wb", "4.19")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes", "4.19")]
    public ValueTask WritebackInodesWb(WritebackControl wbc, CgroupWb? wb, string? walkName = null) =>
        SyncSbInodes(wbc, hold: false, kernel.Faults.FlusherIgnoresWb ? WbWalk.All with { IsWb = true, Wb = wb } : WbWalk.Of(wb), walkName ?? kernel.Names.WritebackUnlockedInodes);

    /// <summary>Which inodes a walk takes: every dirty inode (one wb per disk, or sync), or one wb's.</summary>
    private readonly record struct WbWalk(bool IsWb, bool Filtered, CgroupWb? Wb)
    {
        public static WbWalk All => new(false, false, null);

        public static WbWalk Of(CgroupWb? wb) => new(true, true, wb);

        /// <summary>Whether the walk takes <paramref name="inode"/>: its wb is the walk's (inode_to_wb).</summary>
        public bool Takes(Kernel kernel, Inode inode) => !Filtered || kernel.Throttle.InodeToWb(inode) == Wb;
    }
}
