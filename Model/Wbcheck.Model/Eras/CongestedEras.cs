namespace Wbcheck.Model;

/// <summary>
/// Reclaim's congested mark and the nap it causes, era by era: a batch whose dirty and
/// writeback pages were all "congested" marks its zone, node or lruvec, and a reclaimer that is
/// not kswapd then naps (wait_iff_congested, reclaim_throttle). docs/eras.md, the section of
/// branch congest.
/// </summary>
public static class CongestedEras
{
    /// <summary>
    /// shrink_page_list counts the batch's dirty or writeback pages (nr_dirty) and the congested
    /// ones among them (nr_congested), and a batch whose every such page was congested marks its
    /// zone (ZONE_CONGESTED, node PGDAT_CONGESTED from 4.8, lruvec LRUVEC_*_CONGESTED from 5.16)
    /// [V: the 3.1x, 4.x and 6.x shrink_inactive_list and shrink_node read]. From 2.6.37's
    /// wait_iff_congested and 3.11's nr_congested [R: 0e093d99763e, Mel Gorman's 3.11 series].
    /// The model's 3.19 era on.
    /// </summary>
    public static bool ReclaimMarksCongested(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// A dirty or writeback page counts as congested when its queue is write-congested, or when it
    /// is under writeback and already marked PG_reclaim (cycling round the LRU faster than it is
    /// written): "((dirty || writeback) &amp;&amp; mapping &amp;&amp; bdi_write_congested(...)) ||
    /// (writeback &amp;&amp; PageReclaim(page))" since 1da58ee2 ("mm: vmscan: count only dirty
    /// pages as congested", Jamie Liu, 3.18 [V: id in Mel Gorman's reply, title in the 3.18 mm
    /// pull]; inode_write_congested in 4.x [V]). The block layer's congestion went away in 5.x and
    /// 6.9's shrink_folio_list counts the PG_reclaim case alone [V]. The model's 3.19 to 5.0 eras;
    /// 5.0's test reads a bit its blk-mq queue never sets (<see cref="RequestQueueEras.RequestQueueSetsCongested"/>),
    /// so on its disk only the PG_reclaim case counts, as the kernel's did.
    /// </summary>
    public static bool CongestedCountsQueueCongestion(this KernelEra era) => era.AtLeast(KernelEra.V3_19) && era.Before(KernelEra.V6_9);

    /// <summary>
    /// A reclaimer that is not kswapd naps after each batch in shrink_inactive_list:
    /// wait_iff_congested(zone / pgdat, BLK_RW_ASYNC, HZ/10), which sleeps only while a queue is
    /// congested and the zone (node) is marked [V: 3.1x and 4.x shrink_inactive_list; 4.x
    /// wait_iff_congested]. Andrey Ryabinin's "mm/vmscan: don't mess with pgdat->flags in memcg
    /// reclaim" (in mmotm's since-4.16 branch of 6 April 2018 [V], so 4.17 or 4.18 [I]; the model
    /// takes 4.18, as <see cref="ReclaimEras.DirectReclaimFlagsReclaimDirty"/> does for the same
    /// patch; id not found) moved the mark to kswapd alone and the nap to shrink_node. The
    /// model's 3.19 to 4.17 eras.
    /// </summary>
    public static bool ReclaimWaitsIffCongestedPerBatch(this KernelEra era) => era.AtLeast(KernelEra.V3_19) && era.Before(KernelEra.V4_20);

    /// <summary>
    /// The nap is reclaim_throttle(pgdat, VMSCAN_THROTTLE_CONGESTED) on a marked lruvec, not
    /// wait_iff_congested: Mel Gorman's reclaim_throttle series (8cd7c588decf, "mm/vmscan:
    /// throttle reclaim until some writeback completes if congested", 5.16 [V: id, title and the
    /// 5.16-rc regression report naming the series]), as 6.9 has it [V: 6.9's shrink_node]. The
    /// model's 6.9 era on.
    /// </summary>
    public static bool ReclaimThrottlesOnCongested(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// A cgroup v2 memcg's reclaim marks the memcg, not the node: set_memcg_congestion (Ryabinin's
    /// patch, as above), LRUVEC_CGROUP_CONGESTED in 6.9 [V], cleared at the end of its
    /// do_try_to_free_pages. Before, it set PGDAT_CONGESTED under sane_reclaim (4.2 to 4.17,
    /// <see cref="MemcgEras.MemcgReclaimOnDefaultHierarchyIsSane"/>). The model's 4.20 era on.
    /// </summary>
    public static bool MemcgReclaimMarksItsOwnCongestion(this KernelEra era) => era.AtLeast(KernelEra.V4_20);
}
