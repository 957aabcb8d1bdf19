namespace Wbcheck.Model;

/// <summary>
/// Direct reclaim's priority loop (try_to_free_pages, do_try_to_free_pages), era by era: how many
/// pages a round scans at each priority, when a zone's scan stops early, and what the loop does
/// between rounds (wake the flushers, raise sc.may_writepage, nap). docs/eras.md, the section of
/// branch reclaim7.
/// </summary>
public static class PriorityLoopEras
{
    /// <summary>DEF_PRIORITY from 2.6: a round scans an LRU's size shifted right by the priority.</summary>
    public const int DefPriority = 12;

    /// <summary>2.5's DEF_PRIORITY: a round scans the inactive list divided by the priority.</summary>
    public const int DefPriority2_5 = 6;

    /// <summary>
    /// The first priority of the loop: DEF_PRIORITY, 6 in 2.5.31 (its vmscan.c, read in a copy
    /// of a 2.5.3x tree whose try_to_free_pages matches a diff against linux-2.5.31-virgin [V]),
    /// 12 from 2.6 [V: every 2.6.x to 6.x tree read].
    /// </summary>
    public static int DirectReclaimDefPriority(this KernelEra era) => era.Is(KernelEra.V2_5) ? DefPriority2_5 : DefPriority;

    /// <summary>
    /// The last priority of the loop: 2.5.31 loops while the priority is non-zero (do { } while
    /// (--priority)) [V], 2.6 on goes down to 0, the round that scans whole lists [V].
    /// </summary>
    public static int DirectReclaimLastPriority(this KernelEra era) => era.Is(KernelEra.V2_5) ? 1 : 0;

    /// <summary>
    /// A zone's scan count below SWAP_CLUSTER_MAX is deferred: added to the zone's saved count
    /// (zone-&gt;nr_scan_inactive in 2.6.20, zone-&gt;lru[l].nr_scan in 2.6.28, nr_saved_scan
    /// through nr_scan_try_batch from 2.6.31), which is scanned, and zeroed, once it reaches
    /// SWAP_CLUSTER_MAX, the zone state carried from one call to the next [V: 2.6.20's
    /// shrink_zone in several 2006 diffs, a 2.6.28/29 copy of shrink_zone, nr_scan_try_batch in
    /// Wu Fengguang's and Shaohua Li's 2009 patches]. So a zone smaller than a batch is scanned
    /// only every few calls ("nr_scan_try_batch returns zero until saved pages become 32": Minchan
    /// Kim, linux-mm 2011 [V]). KAMEZAWA Hiroyuki's "memcg: fix vmscan count in small memcgs"
    /// removed it (its v2 "removed nr_scan_try_batch" [V]; 4508378b9523, 3.0 [R]). The model's
    /// 2.6.20 to 2.6.36 eras.
    /// </summary>
    public static bool ScanCountDefersSmallBatches(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20) && era.AtMost(KernelEra.V2_6_36);

    /// <summary>
    /// 2.6.20's shrink_zone adds one to each list's count every round "to make sure that the
    /// kernel will slowly sift through the active list" [V]; the split-LRU rework (2.6.28 [R]) adds
    /// the shifted size alone [V: the 2.6.28/29 copy]. The model's 2.6.20 era.
    /// </summary>
    public static bool ScanCountAddsOne(this KernelEra era) => era.Is(KernelEra.V2_6_20);

    /// <summary>
    /// A direct reclaimer's shrink_zone stops scanning a zone once enough is reclaimed, below
    /// DEF_PRIORITY: Rik van Riel's "vmscan: bail out of direct reclaim after swap_cluster_max
    /// pages" (a79311c14eae, 2.6.28 [R]): in the 2.6.28/29 copy "nr_reclaimed &gt;
    /// swap_cluster_max", the whole call's count [V]; "&gt;= nr_to_reclaim" from 2.6.32 [V: the
    /// patch separating nr_to_reclaim]; from 3.11 per lruvec, the zone's own count (shrink_lruvec,
    /// global direct reclaim breaks once it has its nr_to_reclaim, and scans the whole count at
    /// DEF_PRIORITY) [R: 0e50ce3b50fb]. 2.6.20 scans each zone's whole count [V]; 2.5.31's
    /// shrink_cache stops once the remaining target is met [V].
    /// </summary>
    public static DirectReclaimBailOut DirectReclaimBailOut(this KernelEra era) =>
        era.Is(KernelEra.V2_5) ? Model.DirectReclaimBailOut.RemainingTarget
        : era.Is(KernelEra.V2_6_20) ? Model.DirectReclaimBailOut.None
        : era.Is(KernelEra.V2_6_29) ? Model.DirectReclaimBailOut.CallOverTarget
        : era.Is(KernelEra.V2_6_36) ? Model.DirectReclaimBailOut.CallTarget
        : Model.DirectReclaimBailOut.ZoneTarget;

    /// <summary>
    /// After a round short of its target, do_try_to_free_pages naps: congestion_wait(WRITE, HZ/10)
    /// when the round scanned something and the priority is below DEF_PRIORITY - 2, so that
    /// writes the loop started (its own pageout, the flushers it woke) can end and the next round
    /// free their pages [V: 2.6.20 and the 2.6.28/29 copy; congestion_wait(BLK_RW_ASYNC) in 2.6.3x
    /// [V]]. 2.6.37 made it wait_iff_congested (0e093d99763e [R]), and 3.11 moved that into
    /// shrink_inactive_list [R: e2be15f6c3ee], which sleeps only while a queue is congested and the
    /// zone is marked congested: from 3.19 the loop has no nap of its own, and the one after each
    /// batch is <see cref="CongestedEras"/>'s (a cond_resched, no scheduling point, where no mark
    /// or no congestion makes it sleep). 2.5.31 has no nap
    /// (its shrink_list waits on pages under writeback instead [V]). The model's 2.6.20 to 2.6.36 eras.
    /// </summary>
    public static bool DirectReclaimNapsBetweenRounds(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20) && era.AtMost(KernelEra.V2_6_36);

    /// <summary>
    /// Once the loop has scanned more than one and a half batches in all, it wakes the flushers
    /// for as many pages as it scanned (every dirty page in laptop mode) and sets
    /// sc.may_writepage: wakeup_pdflush to 2.6.31 [V: 2.6.20, the 2.6.28/29 copy],
    /// wakeup_flusher_threads from 2.6.32 [V: the nr_to_reclaim patch, a 3.x and a 4.4-era
    /// do_try_to_free_pages]. Removed by Johannes Weiner's "mm: vmscan: remove old flusher wakeup
    /// from direct reclaim path" (bbef938429f5 [V-id: the Fixes tag of Andrey Ryabinin's
    /// follow-up]; 4.11 [V: in mmotm's since-4.10 series with the rest of his series]), whose
    /// series wakes the flushers from shrink_inactive_list instead
    /// (<see cref="ReclaimWakesFlushersOnUnqueuedDirty"/>). The model's 2.6.20 to 3.19 eras.
    /// </summary>
    public static bool DirectReclaimWakesFlushersByScanCount(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20) && era.AtMost(KernelEra.V3_19);

    /// <summary>
    /// 2.5.31's shrink_caches wakes bdflush (background writeout) after each round that fell short
    /// of its target [V]. The model's 2.5.31 era.
    /// </summary>
    public static bool DirectReclaimWakesBdflushEachRound(this KernelEra era) => era.Is(KernelEra.V2_5);

    /// <summary>
    /// do_try_to_free_pages sets sc.may_writepage once the priority is below DEF_PRIORITY - 2,
    /// "even in laptop mode": in a 4.4-era listing [V], not in a 3.3-era one [V]; 3.11 [I: with
    /// Mel Gorman's kswapd series, which did the same for kswapd, <see cref="ReclaimEras.KswapdRaisesMayWritepageByPriority"/>].
    /// The model's 3.19 era on.
    /// </summary>
    public static bool DirectReclaimRaisesMayWritepageByPriority(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// shrink_inactive_list wakes the flushers (all dirty pages) when every page of a batch it
    /// took was dirty and not queued for I/O: Johannes Weiner's 726d061fbd36 ("mm: vmscan: kick
    /// flushers when we encounter dirty pages on the LRU", 4.11 [V: mmotm's since-4.10 series; the
    /// id in a bug report against it]); for every global reclaimer and, under sane_reclaim, a
    /// cgroup v2 memcg's reclaim, until 1c610d5f93c7 ("mm/vmscan: wake up flushers for legacy
    /// cgroups too", 4.16 [V]) moved it out of that test (<see cref="MemcgEras.MemcgReclaimWakesFlushersOnLegacyHierarchy"/>;
    /// 6.x's shrink_inactive_list [V: a 2022 -mm patch's context]). The model's 4.13 era on.
    /// </summary>
    public static bool ReclaimWakesFlushersOnUnqueuedDirty(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// consider_reclaim_throttle after each shrink_zones (Mel Gorman's reclaim_throttle series,
    /// 5.16 [R], as revised: called once for the first node, a direct reclaimer that has freed
    /// nothing by priority 1 sleeps reclaim_throttle(VMSCAN_THROTTLE_NOPROGRESS): one jiffy, or a
    /// cond_resched when the node's write-pending pages are at most half its reclaimable pages
    /// (skip_throttle_noprogress) [V: a 6.x copy and the revising patches]). The model's 6.9 era.
    /// </summary>
    public static bool DirectReclaimThrottlesWithoutProgress(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// 2.5.31's reclaim has one inactive list for the machine: shrink_caches scans it once a
    /// round (max_scan = nr_inactive / priority), shrink_cache going page by page off its tail
    /// while max_scan and the target last, and leaving the pages outside the allocation's
    /// classzone (memclass) [V: the "-" side of akpm's "multithread and batch page reclaim",
    /// against 2.5.31; a diff against linux-2.5.31-virgin's try_to_free_pages].
    /// Per-zone lists came with akpm's per-zone-vm patch against 2.5.35 [V: lkml, 17 September
    /// 2002]. The model's 2.5.31 era.
    /// </summary>
    public static bool ReclaimScansOneGlobalList(this KernelEra era) => era.Is(KernelEra.V2_5);

    /// <summary>
    /// 2.5.31's shrink_cache takes no batch: under pagemap_lru_lock it moves the inactive list's
    /// tail page to the head, tries to free it, and stops as soon as the call's target is freed
    /// [V: the "-" side of akpm's "[patch 6/21] multithread and batch page reclaim", lkml 11
    /// August 2002, against 2.5.31]. That patch (2.5.32 [I]: sent to Linus for after 2.5.31)
    /// brought the batches of SWAP_CLUSTER_MAX taken off the list, gone through whole and put back
    /// after. The model's 2.5.31 era.
    /// </summary>
    public static bool ReclaimScansPageByPage(this KernelEra era) => era.Is(KernelEra.V2_5);
}
