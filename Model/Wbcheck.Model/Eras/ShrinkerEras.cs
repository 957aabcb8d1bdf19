namespace Wbcheck.Model;

/// <summary>
/// The slab shrinkers reclaim calls (shrink_slab), era by era: the other way reclaim enters a
/// filesystem, by evicting its unused inodes (docs/reclaim-and-filesystems.md).
/// </summary>
public static class ShrinkerEras
{
    /// <summary>
    /// The model's direct reclaim calls shrink_slab after each round of its priority loop, and the
    /// inode cache's shrinker evicts unused clean inodes: the global icache shrinker
    /// (shrink_icache_memory, prune_icache; 2.6.20 [V: a 2.6.2x fs/inode.c]) and, from 3.0 [R],
    /// each superblock's own (prune_super, then super_cache_scan from 3.12 [V: a 3.1x and a 6.x
    /// fs/super.c]). Each bails out of an allocation without __GFP_FS. 2.5.31's shrink_caches
    /// called its cache shrinkers in a form not read here: the model's list era calls none.
    /// </summary>
    public static bool ReclaimShrinksInodeCache(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);
}
