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
    /// fs/super.c]). Each bails out of an allocation without __GFP_FS. 2.5.31 has no shrink_slab:
    /// its shrink_caches calls the inode cache's shrinker itself (<see cref="ShrinkCachesShrinksInodeCache"/>).
    /// </summary>
    public static bool ReclaimShrinksInodeCache(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// 2.5.31's shrink_caches, once shrink_cache has fallen short of its target (it returns at
    /// once when the target is met), wakes bdflush and then calls shrink_dcache_memory(priority,
    /// gfp_mask), shrink_icache_memory(1, gfp_mask) and shrink_dqcache_memory(DEF_PRIORITY,
    /// gfp_mask) [V: a whole 2.5 mm/vmscan.c with rmap's page-&gt;pte_chain and get_page_state,
    /// its release not known; the same tail in a vmscan.c after akpm's "[patch 6/21] multithread
    /// and batch page reclaim" (2.5.32), whose diff against 2.5.31 does not touch it; 2.5.31 I]. shrink_icache_memory returns without __GFP_FS and otherwise
    /// prunes <c>inodes_stat.nr_unused / priority</c>, with priority 1 every unused inode [V: the
    /// "-" sides of Ed Tomlinson's slablru diffs of 2 Aug 2002 (2.5.30) and 7 Sep 2002 (2.5.33)].
    /// No count in hundreds, no deferred count, no scan target: one unused inode is pruned at the
    /// first short round. Every caller of try_to_free_pages gets there: direct reclaim and kswapd
    /// (GFP_KSWAPD). The dcache and dquot shrinkers are not modelled (no such caches). Later 2.5
    /// kernels pruned by a ratio of the pages scanned (Ed Tomlinson's slabasap), then through
    /// shrink_slab's callbacks (<see cref="ReclaimShrinksInodeCache"/>) [R]. The same eras'
    /// prune_icache walks the unused list from its oldest inode and frees only what CAN_UNUSE
    /// allows: no i_state bit at all (dirty, I_LOCK: being written), no page cache
    /// (<c>i_data.nrpages == 0</c>) and no buffers, nor a reference; everything else it passes
    /// over, and it stops after <c>goal</c> inodes freed, not looked at [V: 2.5.30's prune_icache in
    /// the "-" side of the 2 Aug 2002 diff, CAN_UNUSE in a 2.5.33 fs/inode.c; 2.5.31 I]
    /// (Vfs.PruneIcacheCanUnuse, which only this shrinker calls). 2.6.20's drops the clean pages
    /// of an unused inode first (invalidate_mapping_pages, can_unuse) and counts every inode it
    /// looks at (<see cref="InodeLruIsolateRetries"/> and on). Named apart from its complement
    /// because the callers ask different questions: shrink_caches whether it calls the shrinker
    /// itself, shrink_slab whether there is a shrinker to call.
    /// </summary>
    public static bool ShrinkCachesShrinksInodeCache(this KernelEra era) => !era.ReclaimShrinksInodeCache();

    /// <summary>
    /// The inode cache's count is <c>(nr_unused / 100) * sysctl_vfs_cache_pressure</c>
    /// (shrink_icache_memory, 2.6.20 [V: a 2.6.2x fs/inode.c]; prune_super's
    /// <c>(total_objects / 100) * pressure</c> to 3.11 [R]): none below 100 unused inodes, which akpm
    /// called intentional in 2004 ("The last 99 unused ... it's known-and-not-cared about" [V:
    /// linux-kernel, "Re: Major XFS problems..."]). From 3.12 super_cache_count counts every
    /// object (vfs_pressure_ratio: times pressure / 100) [V: a 3.1x and a 6.x fs/super.c].
    /// </summary>
    public static bool InodeCacheCountsInHundreds(this KernelEra era) => era.Before(KernelEra.V3_19);

    /// <summary>
    /// shrink_slab's scan target is the shrinker's share of the LRU pages the round scanned,
    /// <c>(4 * scanned / seeks) * freeable / (lru_pages + 1)</c> (scanned taken as SWAP_CLUSTER_MAX
    /// when 0), to 4.15 [V: 2.6.2x and 3.x shrink_slab in -mm diffs; 3.12's do_shrink_slab with
    /// nr_scanned / nr_eligible in Josef Bacik's 2017 patch]; from 4.16, 9092c71bb724 ("mm: use
    /// sc->priority for slab shrink targets" [V id, in Roman Gushchin's 2018 mail]), the objects
    /// shifted by the priority, <c>(freeable &gt;&gt; priority) * 4 / seeks</c>: nothing from a cache
    /// smaller than 1 &lt;&lt; priority.
    /// </summary>
    public static bool ShrinkerScansByPriority(this KernelEra era) => era.AtLeast(KernelEra.V4_17);

    /// <summary>
    /// 172b06c32b94 ("mm: slowly shrink slabs with a relatively small number of objects", 4.19 [V
    /// id, in Sasha Levin's 4.18 stable revert]): the priority's target is at least
    /// <c>min(freeable, batch_size)</c>, so a small cache is scanned at DEF_PRIORITY; reverted in 5.0
    /// after XFS regressions [R; Dave Chinner's revert posted 30 Jan 2019, V].
    /// </summary>
    public static bool ShrinkerPressesSmallCaches(this KernelEra era) => era.AtLeast(KernelEra.V4_20) && era.Before(KernelEra.V5_0);

    /// <summary>
    /// Yang Shi's "mm: vmscan: use per memcg nr_deferred of shrinker" series (5.13 [R]): the
    /// deferred count is taken shifted by the priority (<c>nr &gt;&gt; priority</c>), the target
    /// capped at twice the freeable, and what is left of <c>nr + delta</c> deferred again, capped
    /// the same [V: the patch's diff]. Before, 3.2 to 5.12, the target is <c>nr + delta</c>, held to
    /// half the freeable when the delta is under a quarter of it, and to twice the freeable [V:
    /// the 4.x do_shrink_slab]; 2.6.20's shrinker-&gt;nr only to twice the freeable [V].
    /// </summary>
    public static bool ShrinkerDefersByPriority(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// A delta under a quarter of the freeable holds the target to half of it (Dave Chinner's
    /// "vmscan: reduce wind up shrinker-&gt;nr when shrinker can't do work", 3.2 [R]; V in the 4.x
    /// do_shrink_slab) until 5.13's form (<see cref="ShrinkerDefersByPriority"/>).
    /// </summary>
    public static bool ShrinkerHoldsSmallDeltas(this KernelEra era) => era.AtLeast(KernelEra.V3_19) && !era.ShrinkerDefersByPriority();

    /// <summary>
    /// A cache that counts nothing is not asked, and its deferred count is kept
    /// (do_shrink_slab's <c>if (freeable == 0) return 0</c> from 3.12 [V: a 4.x do_shrink_slab];
    /// Dave Chinner's "vmscan: shrinker-&gt;nr updates race and go wrong" skipped <c>max_pass
    /// &lt;= 0</c> from 3.2 [R]). Before, shrink_slab went on with a max_pass of 0: the delta is 0,
    /// and <c>if (shrinker-&gt;nr &gt; max_pass * 2) shrinker-&gt;nr = max_pass * 2</c> wipes what
    /// was deferred [V: 2.6.1x-2.6.2x shrink_slab]. The model's 2.6.20-2.6.36.
    /// </summary>
    public static bool ShrinkerKeepsDeferredOfEmptyCache(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The scan loop also runs while the target covers the whole cache
    /// (<c>total_scan &gt;= batch_size || total_scan &gt;= freeable</c>; Vladimir Davydov's "shrink
    /// all slab objects if tight on memory", 3.16 [R]; the form V in a 4.x and 6.x do_shrink_slab),
    /// and a superblock's shrinker has a batch of 1024 (s_shrink.batch [V: 6.x alloc_super]).
    /// Before, only whole batches of SHRINK_BATCH (128) are scanned [V: 2.6.2x shrink_slab].
    /// </summary>
    public static bool ShrinkerScansSmallCaches(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// super_cache_scan asks prune_icache_sb for one inode more than the inodes' share of the scan
    /// ("Ensure that we always scan at least one object - memcg kmem accounting uses this to fully
    /// empty the caches" [V: akpm's -fix to Vladimir Davydov's "fs: shrinker: always scan at least
    /// one object of each type"], 4.0 [R]).
    /// </summary>
    public static bool SuperCacheScanScansOneMore(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// An unused inode with page cache is on the inode LRU, so the shrinker counts it and drops its
    /// clean pages (prune_icache's invalidate_mapping_pages then can_unuse, 2.6.20 [V: a 2.6.2x
    /// fs/inode.c]; inode_lru_isolate's invalidate_mapping_pages then LRU_RETRY, from 2.6.38 [R]).
    /// From Johannes Weiner's "vfs: keep inodes with page cache off the inode shrinker LRU" (5.16
    /// [R]) inode_lru_isolate removes one whose mapping is not shrinkable (it has pages; on a
    /// !CONFIG_HIGHMEM kernel, mapping_shrinkable [R]) and the page cache's deletion puts it back:
    /// the shrinker neither counts nor invalidates it.
    /// </summary>
    public static bool InodeLruHoldsInodesWithPages(this KernelEra era) => era.Before(KernelEra.V6_9);

    /// <summary>
    /// 51b8c1fe250d ("vfs: keep inodes with page cache off the inode shrinker LRU", Johannes
    /// Weiner [V: the id and title in a 5.16 merge window's log; the diff V in its June 2021
    /// posting]; 5.16 [I: the log]): every way a page leaves the page cache, under the inode's
    /// i_lock, ends with <c>if (mapping_shrinkable(mapping)) inode_add_lru(mapping-&gt;host)</c>, so
    /// that an unused clean inode whose cache went empty goes (back) onto the LRU, at its tail:
    /// filemap_remove_folio and delete_from_page_cache_batch (mm/filemap.c), __remove_mapping
    /// (reclaim, and invalidate_mapping_pages' remove_mapping), truncate's and invalidation's
    /// clearing of shadow entries and invalidate_complete_folio2 (mm/truncate.c), and the shadow
    /// nodes' shrinker (shadow_lru_isolate, mm/workingset.c) [V: the posting, and the one call
    /// each of these still has in Mateusz Guzik's 2025 rename of inode_add_lru]. The rest of an
    /// unused inode's ways onto the list are older: iput_final, and inode_sync_complete after
    /// writeback. The model's 6.9 on, with <see cref="InodeLruHoldsInodesWithPages"/>.
    /// </summary>
    public static bool PageCacheDeletionQueuesInode(this KernelEra era) => !era.InodeLruHoldsInodesWithPages();

    /// <summary>
    /// Reclaim leaves a shadow entry in i_pages where it took a file page (__remove_mapping's
    /// workingset_eviction, when reclaimed and the mapping is not exiting [V: a 6.x mm/vmscan.c];
    /// Johannes Weiner's refault detection, 3.15 [R]). The model keeps shadows only where they
    /// change what it models: from 5.16 they keep a mapping from being shrinkable, so an unused
    /// inode whose last page reclaim took stays off the inode LRU (<see cref="PageCacheDeletionQueuesInode"/>).
    /// Before, nothing modelled reads them (inode_lru_isolate invalidates on nrpages, and eviction
    /// clears them).
    /// </summary>
    public static bool ReclaimLeavesShadowEntries(this KernelEra era) => era.PageCacheDeletionQueuesInode();

    /// <summary>
    /// inode_add_lru (from inode_sync_complete, and from 5.16 the page cache's deletions) marks an
    /// inode it finds on the list already I_REFERENCED in 4.16-5.15, where it is
    /// inode_lru_list_add's <c>else inode-&gt;i_state |= I_REFERENCED</c> [V: a 4.x-5.x copy]; 3.x's
    /// marks nothing (only iput_final marks, <see cref="IputFinalSetsReferenced"/>), and 5.16's
    /// __inode_add_lru(inode, false) marks only for iput_final's rotate [V: 51b8c1fe250d's posting].
    /// </summary>
    public static bool InodeAddLruMarksReferenced(this KernelEra era) => era.AtLeast(KernelEra.V4_17) && era.InodeLruHoldsInodesWithPages();

    /// <summary>
    /// The inode cache's scan is prune_icache's (2.6.20 to 2.6.37 [R]): each inode looked at counts
    /// one, one with pages is invalidated and then kept if can_unuse fails. From 2.6.38's per-sb LRU
    /// (the model's 3.19 on) it is list_lru's walk with inode_lru_isolate: an invalidated inode is
    /// retried at once (LRU_RETRY), each look counting one of the walk.
    /// </summary>
    public static bool InodeLruIsolateRetries(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// inode_lru_isolate rotates an I_REFERENCED inode to the list's tail, clearing the flag
    /// (LRU_ROTATE [V: a 4.x fs/inode.c]; the flag and the per-sb LRU from 2.6.37-2.6.38 [R]), and
    /// an iput of an inode the LRU still holds sets it (<see cref="IputFinalSetsReferenced"/>; from
    /// 4.16 inode_lru_list_add's else branch when list_lru_add finds it on the list [V: a 4.x-5.x
    /// copy]; 5.16's __inode_add_lru(inode, true) from iput_final [R]). So an inode invalidated by
    /// the walk is re-added by its own iput with I_REFERENCED, and the retried look rotates it.
    /// </summary>
    public static bool InodeLruRotatesReferenced(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// iput_final sets I_REFERENCED on every linked inode it keeps cached (<c>if (!drop &amp;&amp;
    /// (sb-&gt;s_flags &amp; MS_ACTIVE)) { inode-&gt;i_state |= I_REFERENCED; inode_add_lru(inode); }</c>
    /// [V: a 3.x fs/inode.c]), so an inode's first look by the shrinker rotates it; Josef Bacik's
    /// "fs: don't set *REFERENCED on single use objects" (4.16 [R]) moved it to inode_lru_list_add,
    /// only for an inode already on the list. The model's 3.19 and 4.13; from 4.17 the else branch.
    /// </summary>
    public static bool IputFinalSetsReferenced(this KernelEra era) => era.InodeLruRotatesReferenced() && era.Before(KernelEra.V4_17);

    /// <summary>
    /// kswapd shrinks the slab caches with GFP_KERNEL each time it shrinks a zone (balance_pgdat's
    /// <c>shrink_slab(sc.nr_scanned, GFP_KERNEL, lru_pages)</c>, 2.6.20 to 3.x [R]; shrink_zone's or
    /// shrink_node's from 3.19 with kswapd's sc.gfp_mask, GFP_KERNEL [R]); the model's kswapd from
    /// 2.6.20, as direct reclaim's shrinker.
    /// </summary>
    public static bool KswapdShrinksSlab(this KernelEra era) => era.ReclaimShrinksInodeCache();
}
