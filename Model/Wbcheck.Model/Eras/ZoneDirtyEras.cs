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
    public static bool SpreadsDirtyPages(this KernelEra era) => era >= KernelEra.V3_19;

    /// <summary>
    /// The share is a node's, not a zone's: node_dirty_ok from 4.8, 281e37265f28 and 3b8c0be43cb8
    /// (Mel Gorman's node-LRU series, 2016-07-28 in the same blame listing; titles [R]). The 4.13
    /// era on; 3.19 checks zones.
    /// </summary>
    public static bool DirtyLimitsPerNode(this KernelEra era) => era >= KernelEra.V4_13;
}
