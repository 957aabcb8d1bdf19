namespace Wbcheck.Model;

/// <summary>
/// kswapd's loop (balance_pgdat, and 2.5.31's kswapd_balance_pgdat), era by era: how a wakeup's
/// rounds go, when they stop, which zones they scan, when kswapd may write, when it naps, and
/// when it gives a node up. docs/eras.md, the section of branch kswapd7; docs/nodes.md.
/// </summary>
public static class KswapdEras
{
    /// <summary>
    /// 2.5.31's kswapd_balance_pgdat calls try_to_free_pages (the direct reclaimer's priority
    /// loop, DEF_PRIORITY 6 to 1) for each zone of the node, highest first, whose need_balance
    /// the allocator set; a call that falls short of its SWAP_CLUSTER_MAX clears the flag and
    /// sleeps a second (schedule_timeout(HZ)); one that succeeds leaves the flag while the zone
    /// and every zone below it are at or below pages_high (check_classzone_need_balance), and
    /// kswapd_balance goes round the nodes again while any flag is left [V: a 2.5.3x vmscan.c
    /// whose try_to_free_pages is the one the model's 2.5.31 loop follows]. akpm's balance_pgdat,
    /// which scans the zones itself up to pages_high, replaced it in 2.5.3x [V: his 2.5.36 diff
    /// renaming kswapd_balance_pgdat]. The model's 2.5.31 era.
    /// </summary>
    public static bool KswapdBalancesByTryToFreePages(this KernelEra era) => era.Is(KernelEra.V2_5);

    /// <summary>
    /// From Mel Gorman's kswapd series of 3.11 ("mm: vmscan: decide whether to compact the pgdat
    /// based on reclaim progress" and the patches before it [R ids]), a round lowers the priority
    /// only if it scanned less than kswapd's target (the high watermark) or reclaimed nothing, and
    /// the loop ends at priority 1 or once the node is balanced (do ... while (sc.priority &gt;= 1
    /// &amp;&amp; !pgdat_balanced)); sc.nr_to_reclaim is the zone's high watermark, at least
    /// SWAP_CLUSTER_MAX (kswapd_shrink_zone), from 4.8 the sum over the node's eligible zones
    /// (kswapd_shrink_node) [V: a 4.19 tree's balance_pgdat and kswapd_shrink_node; R: 3.11's
    /// per-zone form and 6.9's, recalled]. Before, rounds from DEF_PRIORITY to 0, a restart from DEF_PRIORITY (loop_again)
    /// while a zone is not at its high watermark, and the round's end once SWAP_CLUSTER_MAX pages
    /// are reclaimed [V: 2.6.20, and the 2.6.3x form in a 3.4-era copy]. The model's 3.19 era on.
    /// </summary>
    public static bool KswapdRaisesPriorityOnlyWhenShort(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// balance_pgdat leaves a zone alone in a round when it has "way too many pages free already":
    /// more than eight times its high watermark (Rik van Riel's patch of September 2007 [V: its
    /// diff and Andrew Morton's reply on linux-mm]; 2.6.24 [I]); from 2.6.38 [R] the high
    /// watermark plus a balance gap (KSWAPD_ZONE_BALANCE_GAP_RATIO: the low watermark or 1% of the
    /// zone, the smaller) [V: the 3.4-era copy]. 2.6.20
    /// shrinks every zone up to the highest one below its high watermark [V]. The model's 2.6.29
    /// and 2.6.36 eras; 3.19's gap is <see cref="KswapdZoneBalanceGap"/>.
    /// </summary>
    public static bool KswapdSkipsZonesWithEightTimesHigh(this KernelEra era) => era.Is(KernelEra.V2_6_29) || era.Is(KernelEra.V2_6_36);

    /// <summary>
    /// 3.19's kswapd_shrink_zone skips a zone above its high watermark plus the balance gap (min of
    /// the low watermark and 1% of the zone, rounded up) [V: the gap in the 3.4-era copy's
    /// balance_pgdat; R: 3.11's kswapd_shrink_zone taking it over]. From 4.8 the
    /// node is reclaimed whole (kswapd_shrink_node: "this is now fixed in shrink_node"). The
    /// model's 3.19 era.
    /// </summary>
    public static bool KswapdZoneBalanceGap(this KernelEra era) => era.Is(KernelEra.V3_19);

    /// <summary>
    /// Whether a round looks at a zone's high watermark after shrinking it (all_zones_ok,
    /// has_under_min_watermark_zone) rather than before: before in 2.6.20 [V] and in the 2.6.2x
    /// form Rik van Riel's diff applies to [V]; after in the 2.6.3x form [V: the 3.4-era copy;
    /// 2.6.36 itself not read]. The model's 2.6.36 era.
    /// </summary>
    public static bool KswapdLooksAtTheZoneAfterShrinking(this KernelEra era) => era.Is(KernelEra.V2_6_36);

    /// <summary>
    /// kswapd's nap between rounds below DEF_PRIORITY - 2 (congestion_wait(WRITE/BLK_RW_ASYNC,
    /// HZ/10)) is skipped while a zone is under its min watermark ("Hurry up!":
    /// KSWAPD_SKIP_CONGESTION_WAIT) [V: the 3.4-era copy; 2.6.3x, R]. 3.11 removed the nap for
    /// the ZONE_WRITEBACK stall (<see cref="ReclaimEras.KswapdStallsOnPagesUnderWriteback"/>).
    /// The model's 2.6.36 era; 2.6.20 and 2.6.29 always nap.
    /// </summary>
    public static bool KswapdSkipsNapUnderMin(this KernelEra era) => era.Is(KernelEra.V2_6_36);

    /// <summary>Whether kswapd naps between rounds at all (to 3.10; <see cref="KswapdSkipsNapUnderMin"/>).</summary>
    public static bool KswapdNapsBetweenRounds(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20) && era.AtMost(KernelEra.V2_6_36);

    /// <summary>
    /// kswapd's sc.nr_to_reclaim is ULONG_MAX from the patch that separated nr_to_reclaim from
    /// swap_cluster_max (2.6.32 [V: the patch]) to 3.10, so shrink_zone's early stop never fires
    /// for kswapd; 2.6.20 to 2.6.31 read swap_cluster_max (32), and 2.6.28's early stop excludes
    /// kswapd by name [V: the 2.6.28/29 copy]. The model's 2.6.36 era.
    /// </summary>
    public static bool KswapdReclaimsWithoutTarget(this KernelEra era) => era.Is(KernelEra.V2_6_36);

    /// <summary>
    /// kswapd counts the runs of balance_pgdat that reclaimed nothing (pgdat-&gt;kswapd_failures)
    /// and, after MAX_RECLAIM_RETRIES of them, is no longer woken for the node ("Hopeless node,
    /// leave it to direct reclaim") and may sleep unbalanced: Johannes Weiner's "mm: fix 100% CPU
    /// kswapd busyloop on unreclaimable nodes" (c73322d098e4, 4.11 [R]) [V: a 4.19 tree's
    /// balance_pgdat, prepare_kswapd_sleep and wakeup_kswapd]. The model's 4.13 era on.
    /// </summary>
    public static bool KswapdCountsFailures(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// get_scan_count's force_scan for kswapd: on a zone no longer reclaimable, when no list's
    /// size &gt;&gt; priority is above 0 (3.16 on), every list is scanned by min(size,
    /// SWAP_CLUSTER_MAX) (<see cref="Mm.Vmscan.GetScanCount"/>; "Global kswapd is
    /// for zone balancing and it needs to scan a minimum amount" [V: a 3.10-based tree's
    /// get_scan_count]), with the memcg case (<see cref="MemcgEras.MemcgReclaimForcesScan"/>):
    /// 246e87a93934, 3.2 [R]; its kswapd case went with Johannes Weiner's "mm: don't avoid
    /// high-priority reclaim on unreclaimable nodes" (4.11 [R]). The model's 3.19 era.
    /// </summary>
    public static bool KswapdForcesScanOfUnreclaimableZone(this KernelEra era) => era.Is(KernelEra.V3_19);
}
