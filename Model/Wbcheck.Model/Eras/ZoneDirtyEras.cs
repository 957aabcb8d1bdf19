namespace Wbcheck.Model;

/// <summary>How the page allocator spreads a writer's pages over zones or nodes, era by era.</summary>
public static class ZoneDirtyEras
{
    /// <summary>
    /// A buffered write's page (__GFP_WRITE) comes from a zone within its share of the dirty
    /// limit when the fast path can find one: from 3.3, a756cf590853 ("mm: try to distribute
    /// dirty pages fairly across zones", Johannes Weiner; id and date in a blame listing of
    /// get_page_from_freelist through the search tool, title in its linux-mm thread).
    /// </summary>
    public static bool SpreadsDirtyPages(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The share is a node's, not a zone's: node_dirty_ok from 4.8, 281e37265f28 and 3b8c0be43cb8
    /// (Mel Gorman's node-LRU series, 2016-07-28 in the same blame listing; titles [R]). The 4.13
    /// era on; 3.19 checks zones.
    /// </summary>
    public static bool DirtyLimitsPerNode(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// The fair zone allocation policy: the fast path's first pass takes pages from the local
    /// node's zones in turn, each for a batch of high_wmark - low_wmark pages (NR_ALLOC_BATCH),
    /// before any zone is used past its batch. From 3.12, 81c0a2bb515f ("mm: page_alloc: fair zone
    /// allocator policy": id and title in the Fixes: tag of a later stable fix, which is marked
    /// for "3.12+"); removed in 4.8 by Mel Gorman's "mm, page_alloc: remove fair zone allocation
    /// policy" in the node-LRU series (title and 4.8-rc1 from a list of the series; id [R]; no
    /// ALLOC_FAIR in a 4.x get_page_from_freelist read). Of the model's eras, 3.19 only.
    /// </summary>
    public static bool FairZoneAllocation(this KernelEra era) => era.AtLeast(KernelEra.V3_19) && era.Before(KernelEra.V4_13);

    /// <summary>
    /// The gap between a zone's min, low and high watermarks is the larger of a quarter of its min
    /// and watermark_scale_factor of its managed pages: from 795ae7a0de6b (4.6). Before, a quarter
    /// (low) and a half (high) of min. The model's 4.13 era on.
    /// </summary>
    public static bool WatermarkScaleFactor(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// kswapd is woken per node and balances the node (pgdat_balanced), with the node-LRU series
    /// of 4.8; before, per zone (zone_balanced from 3.12, the low watermark before). The 4.13 era on.
    /// </summary>
    public static bool KswapdPerNode(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// Dirtyable memory leaves out totalreserve_pages (the high watermarks and lowmem reserves)
    /// rather than dirty_balance_reserve: from 4.5 (read in v4.4 and v4.5 trees). The 4.13 era on.
    /// </summary>
    public static bool DirtyableLeavesTotalreserve(this KernelEra era) => era.AtLeast(KernelEra.V4_13);
}
