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
}
