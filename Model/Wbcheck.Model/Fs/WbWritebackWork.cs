using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Fs;

/// <summary>
/// struct wb_writeback_work as the flusher's loop hands it to the walk from 3.1 on
/// (<see cref="KernelEras.WritebackChunkPerInode"/>): how many pages the loop still asks for, which
/// the walk counts down inode by inode, and what the last walk wrote, which tells the loop whether
/// it made progress. The rest of the kernel's struct (sync mode, for_background, for_kupdate) is
/// the model's <see cref="Mm.WritebackControl"/>, which the loop keeps from pass to pass.
/// </summary>
[Models("fs/fs-writeback.c", "struct wb_writeback_work (nr_pages)", "6.9")]
public sealed class WbWritebackWork
{
    /// <summary>nr_pages: what the loop still asks for (LONG_MAX for background writeout).</summary>
    public long NrPages { get; set; }

    /// <summary>
    /// writeback_sb_inodes' return for the last walk: the pages it wrote (less those the filesystem
    /// skipped, from 68f4c6eba70d) and one for every inode it left clean.
    /// </summary>
    public long Progress { get; set; }
}
