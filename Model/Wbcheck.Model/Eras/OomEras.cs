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
    public static bool RetriesReclaimWithoutProgress(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// should_reclaim_retry waits in congestion_wait(BLK_RW_ASYNC, HZ/10) before a retry without
    /// progress when more than half of the zone's reclaimable pages are dirty or under writeback:
    /// from the rework (4.7) until Mel Gorman's "mm/page_alloc: Remove the throttling logic from
    /// the page allocator" (posted 8 October 2021 as 5/8 of his reclaim_throttle series, read;
    /// 5.16 [I], upstream id [R]), after which reclaim throttles itself (reclaim_throttle). The
    /// model's 4.13 to 5.0 eras.
    /// </summary>
    public static bool ShouldReclaimRetryWaitsOnWritePending(this KernelEra era) => era.AtLeast(KernelEra.V4_13) && era.Before(KernelEra.V6_9);

    /// <summary>
    /// An OOM victim's allocations may take half of the min reserve (ALLOC_OOM: the min watermark
    /// less half of it) rather than every free page (ALLOC_NO_WATERMARKS, which TIF_MEMDIE gave
    /// before): Michal Hocko's "mm, oom: do not rely on TIF_MEMDIE for memory reserves access",
    /// 4.14 [R: id, title and release recalled; the ALLOC_OOM test in a 6.x __zone_watermark_ok
    /// is the form modelled]. The model's 4.17 era on; 2.6.20 to 4.13 give the victim every free
    /// page.
    /// </summary>
    public static bool OomVictimsGetHalfTheReserve(this KernelEra era) => era.AtLeast(KernelEra.V4_17);

    /// <summary>
    /// generic_perform_write stops before the next page's write_begin when the writer has a fatal
    /// signal pending (-EINTR, or the bytes written so far): present in a 4.4-era tree
    /// (PAGE_CACHE_SIZE, iter_is_iovec), absent from a 3.16-4.0-era tree (segment_eq(get_fs(),
    /// KERNEL_DS)), both read through the search tool; the commit [R]. The model's 4.13 era on
    /// [I: 3.19 is taken to lack it, as the older tree read does].
    /// </summary>
    public static bool PerformWriteChecksFatalSignal(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// An OOM victim whose reserves are empty still reclaims, and fails only after the OOM path
    /// (its "no watermarks" allocation may not loop endlessly): Michal Hocko's "mm: consolidate
    /// GFP_NOFAIL checks in the allocator slowpath" (posted 20 December 2016; 4.11 [R]) moved the
    /// victim's check from before direct reclaim to after __alloc_pages_may_oom (4.19 and 6.9
    /// read). Before, 2.6.20 to 4.10 went to nopage before reclaiming. The model's 4.13 era on.
    /// </summary>
    public static bool OomVictimReclaimsBeforeFailing(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// Direct reclaim that freed nothing still reports progress while some zone of the zonelist
    /// is reclaimable, so the order-0 allocation retries rather than call the OOM killer; a zone
    /// stops being reclaimable once reclaim has scanned six times its LRU pages without a page
    /// freed into it (a free resets the count). The forms, each read in a linux-mm patch: 2.6.20's
    /// try_to_free_pages returns 1 unless every zone was skipped as all_unreclaimable (the flag
    /// kswapd's balance_pgdat sets at pages_scanned &gt;= 6 x the LRU; "top priority
    /// shrink_caches still had more to do? don't OOM, then"); a41f24ea9fd6 ("page allocator:
    /// smarter retry of costly-order allocations", 2.6.24 [R: id, title and release]) made it
    /// return nr_reclaimed there, so from 2.6.24 a round that frees nothing goes to the OOM path
    /// at once (the form `ret = nr_reclaimed` under !sc-&gt;all_unreclaimable [V: in a 2.6.26-era
    /// memcg patch]); bb21c7ce18ef ("vmscan: fix do_try_to_free_pages() return value when
    /// priority==0 reclaim failure", KOSAKI Motohiro, 4 June 2010 [V: cited by d1908362ae0b's
    /// mail]; 2.6.35 [I]) returns 1 again while not every zone is all_unreclaimable, and
    /// d1908362ae0b ("vmscan: check all_unreclaimable in direct reclaim path", Minchan Kim, 22
    /// September 2010 [V: the patch and its id in a later mail]; 2.6.36 [I]) tests
    /// zone_reclaimable (pages_scanned &lt; 6 x zone_reclaimable_pages) in the direct reclaimer
    /// itself; 3.x's shrink_zones returns that as zones_reclaimable [V: Johannes Weiner's 2014
    /// patch replacing all_unreclaimable()]. The rework 0a0337e0d1d1 (4.7) deleted it with the
    /// comment "Any of the zones still reclaimable?  Don't OOM." [V: the patch as posted, 15
    /// December 2015]. The model's 2.5.31 [I: taken as 2.6.20's], 2.6.20, 2.6.36 and 3.19 eras;
    /// not 2.6.29 (between 2.6.24 and 2.6.35) nor 4.13 on.
    /// </summary>
    public static bool DirectReclaimReportsProgressWhileZonesReclaimable(this KernelEra era) =>
        !era.Is(KernelEra.V2_6_29) && era.Before(KernelEra.V4_13);

    /// <summary>
    /// The wait before an order-0 allocation retries after a round of reclaim with progress
    /// (before 4.7) is wait_iff_congested(preferred_zone, BLK_RW_ASYNC, HZ/50), which sleeps only
    /// while a backing device is congested and the zone is marked congested, and is a
    /// cond_resched otherwise: Mel Gorman's 0e093d99763e ("writeback: do not sleep on the
    /// congestion queue if there are no congested BDIs or if significant congestion is not being
    /// encountered in the current zone", 2.6.37 [R]; the call in the slow path [V: the 4.4-era
    /// form the rework's patch removes]). Before, congestion_wait(WRITE or BLK_RW_ASYNC, HZ/50)
    /// always slept (2.6.20's do_retry [R]). The model's 3.19 era (4.13 on retry through
    /// should_reclaim_retry).
    /// </summary>
    public static bool AllocRetryWaitsOnlyIfCongested(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The oom_reaper: Michal Hocko's aac453635549 ("mm, oom: introduce oom reaper", 4.6 [R]) reaps
    /// a victim's address space from a kthread, after which the OOM killer no longer waits for
    /// that victim (4.6 cleared its TIF_MEMDIE; MMF_OOM_SKIP from 4.9 [R]: oom_evaluate_task goes
    /// to the next task instead of aborting [V: the 4.19 and 6.x oom_evaluate_task of the search
    /// index's tree, as far as read]). Before, a victim that cannot exit (blocked on a lock the
    /// allocator holds) stops every OOM kill: the OOM deadlock the reaper was written for. The
    /// model's 4.13 era on.
    /// </summary>
    public static bool OomReaperSkipsReapedVictims(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// The oom_reaper waits OOM_REAPER_DELAY (2 HZ) before it reaps, so that the victim may exit
    /// and release its robust futexes first: "oom_kill.c: futex: delay the OOM reaper to allow
    /// time for proper futex cleanup" (Nico Pache), e4a38402c36e, 5.18 [R: id and release]. The
    /// model's 6.9 era.
    /// </summary>
    public static bool OomReaperWaitsForTheVictim(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// balance_dirty_pages leaves its loop when the task has a fatal signal pending, after the
    /// pause ("if (fatal_signal_pending(current)) break;", the pause itself TASK_KILLABLE): Jan
    /// Kara's "mm: Make task in balance_dirty_pages() killable", 499d05ecf990 [R: id, from a
    /// review's blame], authored November 2011, so 3.2 or 3.3 [I], and backported to 3.0.24
    /// stable [V: a stable changelog]. Wu Fengguang's 2010 "writeback: quit throttling when fatal
    /// signal pending" was posted, not merged. The model's pause is timed and not cut short by
    /// a kill. The I/O-less loop kept the check (3.x, 4.x, 6.x forms read in
    /// the search index's trees). An OOM victim held in the throttle (dirty memory at the hard
    /// limit, its rate 0) otherwise pauses until the flusher has written enough, which a flusher
    /// blocked on memory may never do. The model's 3.19 era on (the I/O-less loops); the 2.6.36
    /// era runs 2.6.36's loop, before it.
    /// </summary>
    public static bool BalanceDirtyPagesQuitsOnFatalSignal(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// A page fault waits for a locked page killably: lock_page_or_retry (d065bd810b6d, "mm:
    /// retry page fault when blocking on disk transfer", Michel Lespinasse, 2.6.37 [R]) with
    /// FAULT_FLAG_KILLABLE (37b23e0525d3, "x86,mm: make pagefault killable", KOSAKI Motohiro, 3.1
    /// [R]) sleeps in __lock_page_killable or wait_on_page_locked_killable, and a task with a
    /// fatal signal gives the fault up (VM_FAULT_RETRY; the architecture's handler returns to
    /// user space, where the task dies); 6.x's lock_folio_maybe_drop_mmap calls
    /// __folio_lock_killable [V: read in a 6.x filemap.c]. Before, filemap_fault's lock_page is
    /// uninterruptible. The write path's page lock is not killable in any era:
    /// grab_cache_page_write_begin's find_lock_page (lock_page) and __filemap_get_folio's
    /// FGP_LOCK (folio_lock) [V: 6.x; R: older]. The model's 3.19 era on.
    /// </summary>
    public static bool FaultLocksPageKillably(this KernelEra era) => era.AtLeast(KernelEra.V3_19);
}
