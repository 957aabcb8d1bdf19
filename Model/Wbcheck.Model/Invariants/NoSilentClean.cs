namespace Wbcheck.Model.Invariants;

/// <summary>
/// No silent clean: a cached page inside i_size whose data is newer than the disk's is dirty or
/// under writeback, so that writeback still owes its data to the disk. The kernel lets the flag
/// lag while the page is locked (between clear_page_dirty_for_io and starting writeback or
/// redirtying it in -&gt;writepage); a page wholly past EOF is on its way out with truncate; a
/// version a failed write lost has been reported through the mapping's error instead. A page
/// dirty through a pte counts as dirty: the hardware's dirty bit reaches PG_dirty when the pte
/// is cleaned (page_mkclean) or zapped, so the data is still owed (in 2.5, where nothing
/// write-protects shared pages, a store dirties only the pte). The consequence,
/// not the mechanism: a writepage or an iterator that drops a page's dirtiness without writing
/// it breaks this whatever flag or tag it forgot.
/// </summary>
public static class NoSilentClean
{
    public const string Name = "no silent clean";

    /// <summary>The first violation found, or null.</summary>
    public static string? Check(Kernel kernel)
    {
        // Runs after every step of every exploration: plain loops, nothing allocated, each tree's
        // capacity read once (a read is an access-log look-up).
        var inodes = kernel.Inodes;
        for (var i = 0; i < inodes.Count; i++)
        {
            var inode = inodes[i];
            var tree = inode.Mapping.Pages;
            var size = inode.SizePages;
            for (long index = 0, end = Math.Min(tree.Capacity, size); index < end; index++)
            {
                if (tree.Load(index) is not { } page || page.Dirty || page.Writeback || page.Locked || !page.Uptodate)
                {
                    continue;
                }

                if (inode.Mapping.IMmap is { } vma && vma.DirtyThroughPte(page))
                {
                    continue;
                }

                var disk = kernel.Device.StableVersion(inode, index);
                if (page.Version > disk && page.Version > kernel.Device.LostVersion(inode, index))
                {
                    return $"{page} of {inode.Mapping} is clean, unlocked and not under writeback, but holds v{page.Version} and the disk v{disk}: nothing will write it";
                }
            }
        }

        return null;
    }
}
