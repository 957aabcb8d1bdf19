using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The page cache's side of the inode LRU from 5.16 (<see cref="ShrinkerEras.PageCacheDeletionQueuesInode"/>):
/// an inode is kept off the LRU while its mapping holds cache, and the deletion that empties it
/// queues the inode.
/// </summary>
public sealed partial class Filemap
{
    /// <summary>
    /// mapping_shrinkable: whether the mapping's cache lets the inode be reclaimed. On a kernel with
    /// CONFIG_HIGHMEM always (struct inode in low memory may be short before the cache in high
    /// memory is: the shrinker must be free to drop the cache to get at the inode); the model's
    /// machine is one when it has a highmem zone. Otherwise only an empty i_pages, or one whose
    /// only entry is a shadow at index 0 (kept in the head pointer, out of the shadow nodes'
    /// shrinker's reach, so the inode shrinker must be able to take it).
    /// </summary>
    [Models("include/linux/pagemap.h", "mapping_shrinkable", "6.9")]
    public bool MappingShrinkable(AddressSpace mapping) =>
        kernel.Config.Machine.TotalHighPages > 0 || mapping.MappingEmpty || mapping.OnlyShadowAtIndexZero;

    /// <summary>
    /// What every deletion from the page cache does last from 5.16, still under the inode's
    /// i_lock: <c>if (mapping_shrinkable(mapping)) inode_add_lru(mapping-&gt;host)</c>, so that an
    /// unused clean inode whose cache just went empty is queued on the LRU (the shrinker took it
    /// off, or its final iput left it off, while it had cache). A no-op for an inode someone
    /// holds, which its final iput queues instead.
    /// </summary>
    [Models("mm/filemap.c", "filemap_remove_folio (mapping_shrinkable: inode_add_lru)", "6.9")]
    [Models("mm/filemap.c", "delete_from_page_cache_batch (mapping_shrinkable: inode_add_lru)", "6.9")]
    [Models("mm/vmscan.c", "__remove_mapping (mapping_shrinkable: inode_add_lru)", "6.9")]
    [Models("mm/truncate.c", "clear_shadow_entry (mapping_shrinkable: inode_add_lru)", "6.9")]
    internal void InodeAddLruIfShrinkable(AddressSpace mapping)
    {
        if (kernel.Era.PageCacheDeletionQueuesInode() && !kernel.Faults.PageCacheDeletionLeavesInodeOffLru
            && MappingShrinkable(mapping))
        {
            kernel.Vfs.InodeAddLru(mapping.Host);
        }
    }
}
