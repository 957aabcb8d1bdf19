namespace Wbcheck.Model.Invariants;

/// <summary>
/// The final truncate of an evicted inode leaves its mapping empty, even while reclaim works on
/// its pages: reclaim holds pages by reference and by lock, never by an inode reference, so
/// eviction must wait for every page lock rather than skip what it cannot take, or a page is
/// left in the mapping of a freed inode. Checked after every step, on nrpages.
/// </summary>
public static class EvictedMappingEmpty
{
    public const string Name = "evicted mapping empty";

    /// <summary>The first violation found, or null.</summary>
    public static string? Check(Kernel kernel)
    {
        var inodes = kernel.Inodes;
        for (var i = 0; i < inodes.Count; i++)
        {
            var inode = inodes[i];
            if (inode.Evicted && inode.Mapping.NrPages != 0)
            {
                return $"{inode} was evicted, but its mapping still holds {inode.Mapping.NrPages} page(s)";
            }
        }

        return null;
    }
}
