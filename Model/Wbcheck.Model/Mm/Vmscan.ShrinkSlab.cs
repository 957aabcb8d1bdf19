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
/// __GFP_FS, whose task may hold that filesystem's locks. How much it is asked to scan is the
/// era's count (<see cref="ShrinkerScanTarget"/>): with the model's handful of inodes the count is
/// often 0, and then no inode is evicted.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>DEFAULT_SEEKS: the superblock's (and 2.6.20's icache) shrinker's seeks.</summary>
    private const int DefaultSeeks = 2;

    /// <summary>SHRINK_BATCH: the scan's batch before 3.12's per-shrinker batch.</summary>
    private const int ShrinkBatch = 128;

    /// <summary>s_shrink.batch: a superblock's shrinker scans up to 1024 objects a call.</summary>
    private const int SuperBlockShrinkBatch = 1024;

    /// <summary>
    /// The inode cache's deferred scan count: 2.6.20's shrinker-&gt;nr, nr_deferred later (per node
    /// for the NUMA-aware superblock shrinker from 3.12; the model's unused inodes sit on one
    /// list, so it has one count). A call that could not scan (no __GFP_FS) leaves its target here
    /// for the next.
    /// </summary>
    private long shrinkerNrDeferred;

    /// <summary>
    /// Shrink the inode cache after a round of global reclaim that scanned
    /// <paramref name="nrScanned"/> pages of <paramref name="zones"/>, with <paramref name="sc"/>'s
    /// gfp mask and priority: count the cache (a cache with nothing to free is not asked to scan),
    /// compute the era's target and scan it in batches (<see cref="ShrinkerScanTarget"/>); without
    /// __GFP_FS the shrinker bails out before it looks at an inode ("Nasty deadlock avoidance. We
    /// may hold various FS locks, and we don't want to recurse into the FS that called us in
    /// clear_inode() and friends": -1 from shrink_icache_memory to 3.11, SHRINK_STOP from
    /// super_cache_scan [V]), and the target is deferred. Returns how many inodes it freed.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_slab", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_slab (max_pass 0: shrinker->nr = max_pass * 2)", "2.6.20")]
    [Models("mm/vmscan.c", "do_shrink_slab", "4.19")]
    [Models("mm/shrinker.c", "do_shrink_slab", "6.9")]
    [Models("fs/inode.c", "shrink_icache_memory (!(gfp_mask & __GFP_FS): return -1)", "2.6.20")]
    [Models("fs/super.c", "super_cache_scan (!(sc->gfp_mask & __GFP_FS): return SHRINK_STOP)", "3.18")]
    [Models("fs/super.c", "super_cache_scan (!(sc->gfp_mask & __GFP_FS): return SHRINK_STOP)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    internal async ValueTask<int> ShrinkSlab(ScanControl sc, IReadOnlyList<Zone> zones, long nrScanned)
    {
        var era = kernel.Era;
        if (!era.ReclaimShrinksInodeCache())
        {
            return 0;
        }

        var freeable = InodeCacheCount();
        if (freeable == 0)
        {
            if (!era.ShrinkerKeepsDeferredOfEmptyCache())
            {
                // 2.6.20: max_pass 0 still runs the clamp, shrinker->nr capped at 0: the deferred
                // target of refused GFP_NOFS calls is lost while the count is below 100 inodes.
                AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
                shrinkerNrDeferred = 0;
            }

            return 0;
        }

        // The deferred count is the shrinker's, shared by every reclaimer.
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        var nr = shrinkerNrDeferred;
        shrinkerNrDeferred = 0;
        bool OnZonesLru(Page page) => zones.Contains(page.Zone) && OnLruOf(page, sc);
        var lruPages = era.ShrinkerScansByPriority() ? 0 : LruSize(OnZonesLru, active: false) + LruSize(OnZonesLru, active: true);
        var batchSize = era.ShrinkerScansSmallCaches() ? SuperBlockShrinkBatch : ShrinkBatch;
        var target = ShrinkerScanTarget(era, freeable, nr, nrScanned, lruPages, sc.Priority, batchSize);

        // No scheduling point of its own: the shrinker takes no lock that sleeps before its gate
        // (shrinker_rwsem is tried, not waited for), and a point every round would multiply
        // the schedules of every scenario that reclaims; eviction has the points of its waits.
        var totalScan = target.TotalScan;
        long scanned = 0;
        var freed = 0;
        while (totalScan >= batchSize || (era.ShrinkerScansSmallCaches() && totalScan >= freeable && totalScan > 0))
        {
            var nrToScan = Math.Min(batchSize, totalScan);
            if (!sc.GfpMask.HasFlag(Gfp.Fs) && !kernel.Faults.ShrinkerIgnoresGfpFs)
            {
                break;
            }

            freed += await kernel.Vfs.PruneIcache(SuperCacheScanInodes(era, nrToScan));
            totalScan -= nrToScan;
            scanned += nrToScan;
        }

        shrinkerNrDeferred = era.ShrinkerScansSmallCaches() || era.ShrinkerScansByPriority()
            ? DeferredAfterScan(era, target, nr, scanned, freeable)
            : totalScan;
        return freed;
    }

    /// <summary>
    /// The inode cache's count: the unused inodes (<see cref="Fs.Vfs.UnusedInodes"/>), as
    /// shrink_icache_memory counted them to 3.11, <c>(nr_unused / 100) * vfs_cache_pressure</c>,
    /// or super_cache_count from 3.12, all of them times pressure / 100 (pressure the default 100;
    /// the model has no dentry cache and no filesystem objects of its own).
    /// </summary>
    [Models("fs/inode.c", "shrink_icache_memory ((inodes_stat.nr_unused / 100) * sysctl_vfs_cache_pressure)", "2.6.20")]
    [Models("fs/super.c", "super_cache_count", "6.9")]
    internal long InodeCacheCount()
    {
        long unused = kernel.Vfs.UnusedInodes().Count;
        return kernel.Era.InodeCacheCountsInHundreds() ? unused / 100 * 100 : unused;
    }

    /// <summary>
    /// The target of one call (do_shrink_slab, shrink_slab before 3.12): the delta, from the
    /// pages scanned over the LRU's size to 4.15 and from the priority from 4.16
    /// (<see cref="ShrinkerEras.ShrinkerScansByPriority"/>), added to the deferred count
    /// (<paramref name="nr"/>) and held by the era's caps. <c>NextDeferred</c> is 3.2-5.12's
    /// next_deferred before the scan.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_slab (delta = (4 * scanned) / shrinker->seeks; delta *= max_pass; do_div(delta, lru_pages + 1))", "2.6.20")]
    [Models("mm/vmscan.c", "do_shrink_slab (delta = freeable >> priority; delta *= 4; do_div(delta, shrinker->seeks))", "4.19")]
    [Models("mm/shrinker.c", "do_shrink_slab (total_scan = nr >> priority; total_scan += delta; min(total_scan, 2 * freeable))", "6.9")]
    internal static ShrinkTarget ShrinkerScanTarget(KernelEra era, long freeable, long nr, long nrScanned, long lruPages, int priority, long batchSize)
    {
        long delta;
        if (era.ShrinkerScansByPriority())
        {
            delta = (freeable >> priority) * 4 / DefaultSeeks;
            if (era.ShrinkerPressesSmallCaches())
            {
                delta = Math.Max(delta, Math.Min(freeable, batchSize));
            }
        }
        else
        {
            var scanned = nrScanned == 0 ? SwapClusterMax : nrScanned;
            delta = 4 * scanned / DefaultSeeks * freeable / (lruPages + 1);
        }

        if (era.ShrinkerDefersByPriority())
        {
            return new ShrinkTarget(Math.Min((nr >> priority) + delta, 2 * freeable), delta, 0);
        }

        var totalScan = nr + delta;
        var nextDeferred = totalScan;
        if (era.ShrinkerHoldsSmallDeltas() && delta < freeable / 4)
        {
            // "We need to avoid excessive windup on filesystem shrinkers due to large numbers of
            // GFP_NOFS allocations".
            totalScan = Math.Min(totalScan, freeable / 2);
        }

        return new ShrinkTarget(Math.Min(totalScan, 2 * freeable), delta, nextDeferred);
    }

    /// <summary>What is deferred after a call that scanned <paramref name="scanned"/>: 3.2-5.12's next_deferred less the scan, 5.13's nr + delta less the scan, capped at twice the freeable.</summary>
    [Models("mm/vmscan.c", "do_shrink_slab (next_deferred -= scanned; atomic_long_add_return)", "4.19")]
    [Models("mm/shrinker.c", "do_shrink_slab (next_deferred = max(nr + delta - scanned, 0))", "6.9")]
    private static long DeferredAfterScan(KernelEra era, ShrinkTarget target, long nr, long scanned, long freeable) =>
        era.ShrinkerDefersByPriority()
            ? Math.Min(Math.Max(nr + target.Delta - scanned, 0), 2 * freeable)
            : Math.Max(target.NextDeferred - scanned, 0);

    /// <summary>
    /// How many inodes one batch of <paramref name="nrToScan"/> walks: 2.6.20's
    /// shrink_icache_memory hands prune_icache the whole batch; from 3.12 super_cache_scan gives the
    /// inodes their share of the scan, <c>mult_frac(nr_to_scan, inodes, total_objects)</c>, the
    /// total one more than the objects in every era modelled (so one inode's share of a scan of one is 0),
    /// plus one from 4.0 ("Ensure that we always scan at least one object").
    /// </summary>
    [Models("fs/inode.c", "shrink_icache_memory (prune_icache(nr))", "2.6.20")]
    [Models("fs/super.c", "super_cache_scan (inodes = mult_frac(sc->nr_to_scan, inodes, total_objects))", "3.18")]
    [Models("fs/super.c", "super_cache_scan (sc->nr_to_scan = inodes + 1)", "6.9")]
    internal int SuperCacheScanInodes(KernelEra era, long nrToScan)
    {
        if (!era.ShrinkerScansSmallCaches())
        {
            return (int)nrToScan;
        }

        long inodes = kernel.Vfs.UnusedInodes().Count;
        // The + 1 is in every era the model has: a 6.6 super_cache_scan still adds it [V]; Jinliang
        // Zheng's "there's no need to plus one" (2025 [V: the posted patch]) is after 6.9.
        var totalObjects = inodes + 1;

        var share = MultFrac(nrToScan, inodes, totalObjects);
        return (int)(share + (era.SuperCacheScanScansOneMore() ? 1 : 0));
    }

    /// <summary>mult_frac(x, n, d): x * n / d without the overflow, rounding down.</summary>
    [Models("include/linux/math.h", "mult_frac", "6.9")]
    private static long MultFrac(long x, long numerator, long denominator) =>
        (x / denominator * numerator) + (x % denominator * numerator / denominator);
}
