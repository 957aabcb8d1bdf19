namespace Wbcheck.Model;

/// <summary>Bugs of the slab shrinkers reclaim calls.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// The inode cache's shrinker does not bail out of an allocation without __GFP_FS
    /// (shrink_icache_memory's and super_cache_scan's "if (!(sc-&gt;gfp_mask &amp; __GFP_FS))"
    /// return): a filesystem's GFP_NOFS allocation, made under its journal handle, evicts an
    /// unused inode of that filesystem, whose eviction starts a handle of its own.
    /// </summary>
    public bool ShrinkerIgnoresGfpFs { get; init; }

    /// <summary>
    /// The page cache's deletions do not put a depopulated inode back on the inode LRU (5.16 on:
    /// 51b8c1fe250d's <c>if (mapping_shrinkable(mapping)) inode_add_lru(mapping-&gt;host)</c> left
    /// out of filemap_remove_folio, delete_from_page_cache_batch, __remove_mapping and the
    /// clearing of shadow entries): an unused inode whose final iput found it with pages stays off
    /// the LRU when they are gone, and the inode cache's shrinker never frees it.
    /// </summary>
    public bool PageCacheDeletionLeavesInodeOffLru { get; init; }
}
