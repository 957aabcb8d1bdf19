namespace Wbcheck.Model;

/// <summary>
/// What the page allocator's slow path does after a direct reclaim, era by era: retry, go to the
/// OOM killer, or fail the allocation (docs/eras.md, the section of branch oom).
/// </summary>
public static class OomEras
{
    /// <summary>
    /// Michal Hocko's OOM detection rework, 0a0337e0d1d1 ("mm, oom: rework oom detection"), 4.7:
    /// a round of reclaim that freed nothing no longer goes to the OOM killer at once;
    /// should_reclaim_retry retries up to MAX_RECLAIM_RETRIES (16) rounds in a row without
    /// progress, while some zone's free plus reclaimable pages would clear its min watermark.
    /// Before (2.6.20's __alloc_pages, 3.x's __alloc_pages_slowpath), no progress meant
    /// __alloc_pages_may_oom at once and progress meant a retry for ever (order 0 is "too small to
    /// fail": should_alloc_retry, or 2.6.20's do_retry for order &lt;= 3). The model's 4.13 era on.
    /// Id and title [R]; its release from the linux-mm threads that cite it (4.7-rc) [R].
    /// </summary>
    public static bool RetriesReclaimWithoutProgress(this KernelEra era) => era >= KernelEra.V4_13;

    /// <summary>
    /// should_reclaim_retry waits in congestion_wait(BLK_RW_ASYNC, HZ/10) before a retry without
    /// progress when more than half of the zone's reclaimable pages are dirty or under writeback:
    /// from the rework (4.7) until Mel Gorman's "mm/page_alloc: Remove the throttling logic from
    /// the page allocator" (posted 8 October 2021 as 5/8 of his reclaim_throttle series, read;
    /// 5.16 [I], upstream id [R]), after which reclaim throttles itself (reclaim_throttle). The
    /// model's 4.13 to 5.0 eras.
    /// </summary>
    public static bool ShouldReclaimRetryWaitsOnWritePending(this KernelEra era) => era is >= KernelEra.V4_13 and < KernelEra.V6_9;

    /// <summary>
    /// An OOM victim's allocations may take half of the min reserve (ALLOC_OOM: the min watermark
    /// less half of it) rather than every free page (ALLOC_NO_WATERMARKS, which TIF_MEMDIE gave
    /// before): Michal Hocko's "mm, oom: do not rely on TIF_MEMDIE for memory reserves access",
    /// 4.14 [R: id, title and release recalled; the ALLOC_OOM test in a 6.x __zone_watermark_ok
    /// is the form modelled]. The model's 4.17 era on; 2.6.20 to 4.13 give the victim every free
    /// page.
    /// </summary>
    public static bool OomVictimsGetHalfTheReserve(this KernelEra era) => era >= KernelEra.V4_17;

    /// <summary>
    /// generic_perform_write stops before the next page's write_begin when the writer has a fatal
    /// signal pending (-EINTR, or the bytes written so far): present in a 4.4-era tree
    /// (PAGE_CACHE_SIZE, iter_is_iovec), absent from a 3.16-4.0-era tree (segment_eq(get_fs(),
    /// KERNEL_DS)), both read through the search tool; the commit [R]. The model's 4.13 era on
    /// [I: 3.19 is taken to lack it, as the older tree read does].
    /// </summary>
    public static bool PerformWriteChecksFatalSignal(this KernelEra era) => era >= KernelEra.V4_13;

    /// <summary>
    /// An OOM victim whose reserves are empty still reclaims, and fails only after the OOM path
    /// (its "no watermarks" allocation may not loop endlessly): Michal Hocko's "mm: consolidate
    /// GFP_NOFAIL checks in the allocator slowpath" (posted 20 December 2016; 4.11 [R]) moved the
    /// victim's check from before direct reclaim to after __alloc_pages_may_oom (4.19 and 6.9
    /// read). Before, 2.6.20 to 4.10 went to nopage before reclaiming. The model's 4.13 era on.
    /// </summary>
    public static bool OomVictimReclaimsBeforeFailing(this KernelEra era) => era >= KernelEra.V4_13;
}
