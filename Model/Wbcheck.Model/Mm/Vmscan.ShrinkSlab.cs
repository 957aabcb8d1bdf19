using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// shrink_slab: after the LRU pages, reclaim asks the slab caches' shrinkers to free objects. The
/// one the model has is the inode cache's (<see cref="ShrinkerEras.ReclaimShrinksInodeCache"/>),
/// the other way reclaim enters a filesystem: evicting an unused inode runs the filesystem's
/// eviction, which may start a transaction. So the shrinker refuses an allocation without
/// __GFP_FS, whose task may hold that filesystem's locks.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>
    /// Shrink the inode cache for a global direct reclaim's round, with its gfp mask: the
    /// shrinker is counted first (a cache with nothing to free is not asked to scan), then asked
    /// to scan every unused inode, a superset of the kernel's count (2.6.2x's
    /// shrink_icache_memory asks for (nr_unused / 100) * pressure: none below 100 unused inodes;
    /// docs/eras.md section 82, "noticed" 1); without __GFP_FS it bails out before it looks at
    /// an inode ("Nasty deadlock
    /// avoidance. We may hold various FS locks, and we don't want to recurse into the FS that
    /// called us in clear_inode() and friends": -1 from shrink_icache_memory to 3.11,
    /// SHRINK_STOP from super_cache_scan [V]). Returns how many inodes it freed.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_slab", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_slab", "6.9")]
    [Models("fs/inode.c", "shrink_icache_memory (!(gfp_mask & __GFP_FS): return -1)", "2.6.20")]
    [Models("fs/super.c", "super_cache_scan (!(sc->gfp_mask & __GFP_FS): return SHRINK_STOP)", "3.18")]
    [Models("fs/super.c", "super_cache_scan (!(sc->gfp_mask & __GFP_FS): return SHRINK_STOP)", "6.9")]
    [Models("fs/super.c", "super_cache_count", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    internal async ValueTask<int> ShrinkSlab(Gfp gfpMask)
    {
        if (!kernel.Era.ReclaimShrinksInodeCache())
        {
            return 0;
        }

        var unused = kernel.Vfs.UnusedInodes();
        if (unused.Count == 0)
        {
            return 0;
        }

        // No scheduling point of its own: the shrinker takes no lock that sleeps before its gate
        // (shrinker_rwsem is tried, not waited for), and a point every round would multiply
        // the schedules of every scenario that reclaims; eviction has the points of its waits.
        if (!gfpMask.HasFlag(Gfp.Fs) && !kernel.Faults.ShrinkerIgnoresGfpFs)
        {
            return 0;
        }

        return await kernel.Vfs.PruneIcache(unused);
    }
}
