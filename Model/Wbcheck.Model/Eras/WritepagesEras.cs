namespace Wbcheck.Model;

/// <summary>
/// How do_writepages treated an -ENOMEM from the filesystem, era by era (docs/enomem.md has the
/// reading). Before 4.12 the first result of -&gt;writepages (or generic_writepages) was returned,
/// whatever it was: an fsync was told -ENOMEM and its pages stayed dirty.
/// </summary>
public static class WritepagesEras
{
    /// <summary>
    /// A data-integrity do_writepages (WB_SYNC_ALL) that gets -ENOMEM waits a little and calls the
    /// filesystem again, until it gets anything else; WB_SYNC_NONE returns it at once: 80a2ea9f8585
    /// ("mm: retry writepages() on ENOMEM when doing an data integrity writeback", Theodore Ts'o,
    /// committed 28 April 2017, 4.12; the commit read through the search tool, the loop read in
    /// 4.19's do_writepages).
    /// </summary>
    public static bool RetriesEnomemForIntegrity(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// The wait between two tries is reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK) on the local node
    /// (up to HZ/10, woken early by enough pages ending writeback on the node), not
    /// cond_resched + congestion_wait(BLK_RW_ASYNC, HZ/50): 8d58802fc9de ("mm/writeback: throttle
    /// based on page writeback instead of congestion", Mel Gorman, 5.16; the patch mail read, the
    /// id read in the push logs of the 5.16 merge window, 8 and 9 November 2021).
    /// </summary>
    public static bool ThrottlesEnomemRetryOnReclaim(this KernelEra era) => era.AtLeast(KernelEra.V6_9);
}
