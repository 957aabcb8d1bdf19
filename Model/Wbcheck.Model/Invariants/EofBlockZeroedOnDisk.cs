using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// After a truncate into the middle of a block returns, the bytes of that block past the new EOF
/// are zero on the disk, or will be: its page is zeroed past EOF and either dirty (writeback will
/// take the zeros) or written since it was zeroed. Otherwise the disk keeps the old bytes past
/// EOF, and a later extending write or truncate that reads the block back exposes them as file
/// data: what block_truncate_page's zeroing and mark_buffer_dirty exist for. The disk's copy is
/// judged by the writes that started (each write's data is the page's as it starts: the zero
/// tail it had then). Blocks are pages here (SimpleFs). Checked by whoever truncated, as the
/// truncate returns.
/// </summary>
public sealed class EofBlockZeroedOnDisk : IKernelObserver
{
    public const string Name = "EOF block zeroed on disk after truncate";

    /// <summary>Where each written page's zero tail began when its last write started, by (inode, index).</summary>
    private readonly Dictionary<(int Ino, long Index), int> diskZeroFrom = [];

    public void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Filesystem));
        if (page.Mapping is { } mapping)
        {
            diskZeroFrom[(mapping.Host.Ino, page.Index)] = page.ZeroFrom;
        }
    }

    /// <summary>
    /// Throws if the block holding <paramref name="inode"/>'s EOF has bytes past EOF that may
    /// reach or stay on the disk. <paramref name="versionClockAtStart"/> is the inode's data
    /// version clock as the truncate began, where stores through a mapping may race it: a page
    /// whose data is newer was stored to meanwhile, and the bytes past EOF in it may be its
    /// storer's own (a store past EOF into the last page is allowed, and writeback zeroes them on
    /// their way to the disk), so of that page only the disk's copy is judged.
    /// </summary>
    public void Check(Inode inode, long versionClockAtStart = long.MaxValue)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Filesystem));
        var offset = (int)(inode.Size & (Page.PageSize - 1));
        if (offset == 0)
        {
            return;
        }

        var index = inode.Size >> WritebackControl.PageShift;
        var onDisk = diskZeroFrom.TryGetValue((inode.Ino, index), out var zeroFrom) ? zeroFrom : Page.PageSize;
        var page = inode.Mapping.Pages.Load(index);
        if (page is not null && page.ZeroFrom > offset && page.Version <= versionClockAtStart)
        {
            throw new InvariantViolationException(Name,
                $"{page} of {inode} holds EOF {inode.Size} but its bytes {offset}-{page.ZeroFrom - 1} past EOF are not zeroed");
        }

        if ((page is null || !page.Dirty) && onDisk > offset)
        {
            throw new InvariantViolationException(Name,
                $"block {index} of {inode} holds EOF {inode.Size}; its page is {(page is null ? "not cached" : "clean")} and the disk keeps bytes {offset}-{onDisk - 1} past EOF from before the truncate");
        }
    }
}
