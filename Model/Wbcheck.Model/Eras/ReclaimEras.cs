namespace Wbcheck.Model;

/// <summary>How page reclaim (mm/vmscan.c) treated the pages it could not free, era by era.</summary>
public static class ReclaimEras
{
    /// <summary>
    /// A page reclaim cannot free now, because it is under writeback or because it is a dirty
    /// file page this reclaimer may not write (direct reclaim from 3.2), goes to the active list
    /// (activate_locked), out of the way of the scan for clean pages, where before it stayed on
    /// the inactive list (keep_locked): from c55e8d035b28 ("mm: vmscan: move dirty pages out of
    /// the way until they're flushed", Johannes Weiner; its v2 read in a linux-mm mail of
    /// 2 February 2017, and a blame listing of shrink_page_list dates it 2017-02-24, the 4.11
    /// merge window [I]). The model's 4.13 era on.
    /// </summary>
    public static bool ReclaimActivatesPagesItCannotWrite(this KernelEra era) => era >= KernelEra.V4_13;

    /// <summary>
    /// kswapd in laptop mode starts writing pages once its priority is below DEF_PRIORITY - 2:
    /// from Mel Gorman's kswapd series of 3.11 (his linux-mm patch of 2013 moving the check once
    /// a pgdat scan, read; the commit that replaced the scan count [R]). Before, once it had scanned
    /// more than SWAP_CLUSTER_MAX * 2 pages and freed fewer than two in three (read in a 2.6.9
    /// report, 2.6.2x and 2.6.3x diffs, and still in a 3.7-rc RFC of November 2012). The model's
    /// 3.19 era on.
    /// </summary>
    public static bool KswapdRaisesMayWritepageByPriority(this KernelEra era) => era >= KernelEra.V3_19;
}
