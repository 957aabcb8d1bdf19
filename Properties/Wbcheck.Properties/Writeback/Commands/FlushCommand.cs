using System.Globalization;

namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// The disk's flusher writes back at least <paramref name="Pages"/> pages: its loop over the
/// superblock's dirty inodes (pdflush's background_writeout to 2.6.31, wb_writeback from
/// 2.6.32), walking b_io and b_more_io pass by pass and, where the era's loop does, waiting on the
/// inode at the tail of b_more_io when a pass wrote nothing (docs/eras.md section 127). It
/// holds no reference of the case's: only the walk's own, as the era's flusher took it. The file
/// is the one the shrinker keeps the command on; the flusher walks every file.
/// </summary>
public sealed record FlushCommand(int File, int Pages, int? Steps = null) : OperationCommand(File, Steps)
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"flush {Pages}");
}
