namespace Wbcheck.Model;

/// <summary>
/// The memory cgroup's limit reclaim, era by era: the charge of a page-cache page against the
/// memcg's limit, the reclaim a charge over it runs from the memcg's own pages, how often, what it
/// waits for, and how the charge ends when the memcg stays full (docs/memcg-reclaim.md).
/// </summary>
public static class MemcgEras
{
    /// <summary>
    /// The memory controller exists: a page-cache page is charged to a memcg when it is added to
    /// the cache (mem_cgroup_cache_charge from add_to_page_cache, mem_cgroup_try_charge from
    /// __add_to_page_cache_locked in 3.17 on, mem_cgroup_charge from __filemap_add_folio in 6.x),
    /// and a charge over the limit reclaims from that memcg (try_to_free_mem_cgroup_pages):
    /// Balbir Singh's and Pavel Emelianov's memory controller, 2.6.25 [R: release and series
    /// recalled; no 2.6.25 tree read]. The model's 2.6.29 era on; 2.5.31 and 2.6.20 refuse a memcg
    /// limit (<see cref="EraSettings.MemcgLimit"/>).
    /// </summary>
    public static bool HasMemcg(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// memcg reclaim (not global reclaim, which has the dirty throttle) waits on a page under
    /// writeback that is already PG_reclaim (wait_on_page_writeback), rather than keep it: a
    /// memcg full of pages under writeback would otherwise go OOM at once. e62e384e9da8 ("memcg:
    /// prevent OOM with too many dirty pages", Michal Hocko; gated on may_enter_fs) and
    /// c3b94f44fcb0 ("memcg: further prevent OOM with too many dirty pages", Hugh Dickins, dated
    /// 2012-07-31, whose parent is e62e384e9da8; it changed the gate to __GFP_IO and made reclaim
    /// mark pages under writeback PG_reclaim) [V: both messages read, and the 3.x form
    /// "global_reclaim(sc) || !PageReclaim(page) || !(sc-&gt;gfp_mask &amp; __GFP_IO)" read in a
    /// tree]; 3.6 [I: committed in the 3.6 merge window]. The model's 3.19 era on.
    /// </summary>
    public static bool MemcgReclaimWaitsOnWriteback(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The wait of <see cref="MemcgReclaimWaitsOnWriteback"/> needs may_enter_fs (__GFP_FS) rather
    /// than __GFP_IO: ecf5fc6e9654 ("mm, vmscan: Do not wait for page writeback for GFP_NOFS
    /// allocations", Michal Hocko, dated 2015-08-04 in a blame listing) [V: message and diff
    /// read]: a filesystem may mark pages under writeback and charge a page (GFP_NOFS) before it
    /// submits their bio (ext4_writepages mapping its next extent), and then reclaim waits for a
    /// writeback that only its own progress would start. 4.2 [I: the date is in the 4.2 merge
    /// window]. The model's 4.13 era on; 3.19 (3.6 to 4.1) waits on __GFP_IO.
    /// </summary>
    public static bool MemcgReclaimWaitNeedsMayEnterFs(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// memcg reclaim of a memcg on cgroup v2 (the default hierarchy) never waits on writeback: it
    /// is "sane" reclaim (sane_reclaim from 97c9341f7276, "mm: vmscan: disable memcg direct reclaim
    /// stalling if cgroup writeback support is in use", Tejun Heo, 4.2 [R id and title]; renamed
    /// writeback_throttling_sane by b5ead35e7e1d, 2019-11-30 [V: blame listing]), because cgroup
    /// writeback's dirty throttle now knows the memcg's dirty pages. The wait stays for cgroup
    /// v1 [V: the 4.x and 6.x Case 2 read]. The model's 4.13 era on, where it has cgroup writeback.
    /// </summary>
    public static bool MemcgReclaimOnDefaultHierarchyIsSane(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// memcg reclaim of a cgroup v1 memcg wakes the flushers too when a batch it took was all dirty
    /// and unqueued (<see cref="PriorityLoopEras.ReclaimWakesFlushersOnUnqueuedDirty"/>): 726d061fbd36
    /// ("mm: vmscan: kick flushers when we encounter dirty pages on the LRU", 4.11 [V: "kernels
    /// before 4.11 do not see this behavior", a bug report against it]) woke them under sane_reclaim
    /// alone, global reclaim and a cgroup v2 memcg's, so a v1 memcg full of dirty pages had nobody
    /// start their writeback and went OOM; 1c610d5f93c7 ("mm/vmscan: wake up flushers for legacy
    /// cgroups too", Andrey Ryabinin) moved the wake-up out of that test [V: the patch of 15 March
    /// 2018 on linux-mm, and Michal Hocko naming the id and 4.16]. The model's 4.17 era on; in its
    /// 4.13 era only a memcg on the default hierarchy (<see cref="MemcgReclaimOnDefaultHierarchyIsSane"/>) wakes them.
    /// </summary>
    public static bool MemcgReclaimWakesFlushersOnLegacyHierarchy(this KernelEra era) => era.AtLeast(KernelEra.V4_17);

    /// <summary>
    /// A cgroup v1 memcg's reclaim, having woken the flushers on a batch of unqueued dirty pages
    /// (<see cref="MemcgReclaimWakesFlushersOnLegacyHierarchy"/>), throttles itself with
    /// reclaim_throttle(pgdat, VMSCAN_THROTTLE_WRITEBACK) when !writeback_throttling_sane(sc), so
    /// that the flushers get their writeback going before it scans on (v1 has no balance_dirty_pages
    /// throttling of its own): "mm/cgroup/reclaim: fix dirty pages throttling on cgroup v1" [V: the
    /// -mm patch's diff of shrink_inactive_list, and 6.x shrink_inactive_list], 81a70c21d917 [R id],
    /// 6.1 [R]. The model's 6.9 era on.
    /// </summary>
    public static bool MemcgLegacyReclaimThrottlesAfterWakingFlushers(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// How many times a charge over the limit retries reclaim before the memcg OOM path:
    /// MEM_CGROUP_RECLAIM_RETRIES (5) [R: 2.6.2x to 5.x], MAX_RECLAIM_RETRIES (16) in 6.x [R: the
    /// switch to the page allocator's constant, 5.9 or so, recalled]. try_charge reclaims once,
    /// then once a retry.
    /// </summary>
    public static int MemcgReclaimRetries(this KernelEra era) => era.AtLeast(KernelEra.V6_9) ? 16 : 5;

    /// <summary>
    /// A charge that stays over the limit after its retries invokes the OOM killer on the memcg
    /// from the charge path itself: mem_cgroup_out_of_memory before 3.12 [R]; 3812c8c8f395 ("mm:
    /// memcg: do not trap chargers with full callstack on OOM", Johannes Weiner, 3.12 [R id; the
    /// patch read as "memcg: do not sleep on OOM waitqueue with full charge context" on linux-mm,
    /// June 2013]) left the OOM to the end of a user page fault, so a page-cache charge from
    /// write(2) got -ENOMEM with nobody killed; 29ef680ae7c2 ("memcg, oom: move out_of_memory back
    /// to the charge path", Michal Hocko, 4.19 [R]) put the kill back in the charge path, without
    /// the wait. The model's 2.6.29 and 2.6.36 eras, and 4.20 on; not 3.19 to 4.17.
    /// </summary>
    public static bool MemcgChargeInvokesOomKiller(this KernelEra era) => era.Is(KernelEra.V2_6_29) || era.Is(KernelEra.V2_6_36) || era.AtLeast(KernelEra.V4_20);

    /// <summary>
    /// The first round of a charge that leaves the memcg full drains the per-cpu charge stocks
    /// (drain_all_stock_async, drain_all_stock from 4.x) and tries again without using a retry
    /// ("if (!drained) { ... goto retry; }"), so a charge reclaims once more before its retries:
    /// Johannes Weiner's "mm: memcontrol: fix transparent huge page allocations under pressure"
    /// [V: the patch as posted, 24 September 2014, replacing mem_cgroup_reclaim's loop of two
    /// reclaims with the drain-and-retry in try_charge; the form read in the 4.x, 5.x and 6.x
    /// try_charge(_memcg) of the search index], b70a2a21dc9d [R], 3.19 [I]. Before, 2.6.33 to
    /// 3.18 drained inside the reclaim (mem_cgroup_hierarchical_reclaim, mem_cgroup_reclaim)
    /// with no round of its own in the model's 2.6.36 era [R]. The model's one stock
    /// (<see cref="Mm.Memcg.MemcgStockPcp"/>) holds none of the charging memcg's pages by then
    /// (the charge would have taken one), so the drain frees nothing and the round is one more
    /// failed charge and reclaim. The model's 3.19 era on.
    /// </summary>
    public static bool MemcgChargeDrainsStockOnce(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// How many pages a charge first asks of the memcg's counter: a batch, whose pages beyond the
    /// one charged go into the cpu's stock for the memcg's next charges, and after a refusal one
    /// page (so a charge that does not fit is refused twice before it reclaims, and
    /// memory.failcnt counts both). cdec2e4265df ("memcg: coalesce charging via percpu storage",
    /// KAMEZAWA Hiroyuki) [V: the id and title in Michal Hocko's mail of March 2011 on usage now
    /// above rss+cache; consume_stock dated 2009-12-15 in a blame listing], 2.6.33 [I: the date];
    /// CHARGE_SIZE, 32 pages [R]; a refused batch is asked again as one page by that same
    /// commit ("reduce request size and retry", csize = PAGE_SIZE [V: the patch as posted in
    /// September 2009 and its review]); 2.6.36's form, CHARGE_RETRY from __mem_cgroup_do_charge,
    /// came with KAMEZAWA Hiroyuki's cleanup of the try_charge loop, 4b53433468c8 [V: the id in
    /// his stable mail of January 2011, "required for 2.6.36-stable and later", which names it
    /// for a charge cancel it dropped, not for the retry; the cleanup's review on linux-mm], which
    /// moved the shrink and did not make it; MEMCG_CHARGE_BATCH (32U) and "batch = nr_pages; goto retry" from the 3.17 rewrite
    /// [V: read in 4.x trees]; 64 from Shakeel Butt's "memcg: increase MEMCG_CHARGE_BATCH to 64"
    /// [V: the patch, posted 22 August 2022 "for easy acceptance to 6.0"], 6.1 [I]. 1 (no batch,
    /// no stock) in the model's 2.6.29 era, 32 in 2.6.36 to 5.0, 64 in 6.9.
    /// </summary>
    public static long MemcgChargeBatch(this KernelEra era) =>
        era.Before(KernelEra.V2_6_36) ? 1
        : era.Before(KernelEra.V6_9) ? 32
        : 64;

    /// <summary>
    /// When the charge's retry after the memcg OOM path is a scheduling point of its own: 2.6.36's
    /// mem_cgroup_handle_oom ends, for a charger that is not itself dying, with "Give chance to
    /// dying process: schedule_timeout(1)" [V: read in a 2.6.3x memcontrol.c and in the patch
    /// that added it]. The task is TASK_RUNNING there (finish_wait has set it), so the call sleeps
    /// no jiffy: it lets another task run and returns. Later releases made it
    /// schedule_timeout_uninterruptible(1) [V: a diff removing that form], and 3.12 took the OOM
    /// out of the charge path. The model's 2.6.36 era.
    /// </summary>
    public static bool MemcgOomYieldsBeforeRetry(this KernelEra era) => era.Is(KernelEra.V2_6_36);

    /// <summary>
    /// A dying charger (an OOM victim, TIF_MEMDIE, tsk_is_oom_victim from 4.14; or a task with
    /// a fatal signal pending) is not held to the limit: "Unlike in global OOM situations, memcg
    /// is not in a physical memory shortage. Allow dying and OOM-killed tasks to bypass the last
    /// charges so that they can exit quickly" (2.6.29: TIF_MEMDIE only, "Don't account this!",
    /// read in a 2.6.29 tree; 3.x to 5.x: bypass, then force, read in the diff below). Removed by
    /// a4ebf1b6ca1e ("memcg: prohibit unconditional exceeding the limit of dying tasks", Vasily
    /// Averin; posted 20 October 2021 as "memcg: remove charge forcinig for dying tasks", read;
    /// 5.16 [R]): a dying task now reclaims and retries like any other and fails after the OOM
    /// path (<see cref="MemcgChargeFailsDyingChargerAfterOom"/>). The model's 2.6.29 to 5.0 eras.
    /// </summary>
    public static bool MemcgDyingChargerBypassesLimit(this KernelEra era) => era.HasMemcg() && era.Before(KernelEra.V6_9);

    /// <summary>
    /// Where <see cref="MemcgDyingChargerBypassesLimit"/> looks: before the counter is tried
    /// (2.6.x's __mem_cgroup_try_charge, read in a 2.6.29 tree; 2.6.36 the same place [R]), so a
    /// dying task's charge never counts in memory.failcnt; from Johannes Weiner's 3.17 rewrite
    /// of the charge (try_charge [R]) after the counter refused the page (read in 3.x and 4.x
    /// trees), so it counts once. The model's 2.6.29 and 2.6.36 eras.
    /// </summary>
    public static bool MemcgDyingChargerBypassesBeforeTheCounter(this KernelEra era) => era.Is(KernelEra.V2_6_29) || era.Is(KernelEra.V2_6_36);

    /// <summary>
    /// After the memcg OOM path the charge is tried again with its retries renewed, as long as
    /// the OOM killer makes progress (a kill, or a victim still exiting): 2.6.36's
    /// mem_cgroup_handle_oom returns true and the charge goes round again (false, for a charger
    /// that is itself dying, sends it to bypass, which the model reaches through the next round's
    /// look, <see cref="MemcgDyingChargerBypassesBeforeTheCounter"/>) [R]; 29ef680ae7c2 (4.19)
    /// retries on OOM_SUCCESS ("keep retrying as long as the memcg oom killer is able to make a
    /// forward progress", read in 4.x and 6.x trees), and a4ebf1b6ca1e (5.16) records it as
    /// passed_oom. 2.6.29 goes to nomem after mem_cgroup_out_of_memory (read in a 2.6.29 tree);
    /// 3.12 to 4.18 do not kill from the charge path. The model's 2.6.36 era and 4.20 on.
    /// </summary>
    public static bool MemcgOomRetriesTheCharge(this KernelEra era) => era.Is(KernelEra.V2_6_36) || era.AtLeast(KernelEra.V4_20);

    /// <summary>
    /// A charger that has passed the memcg OOM path and is dying fails with -ENOMEM once its
    /// renewed retries run out ("Avoid endless loop for tasks bypassed by the oom killer": the
    /// passed_oom &amp;&amp; task_is_dying() test, read in a 6.x try_charge_memcg and in
    /// a4ebf1b6ca1e's diff). So a 6.x OOM victim reclaims a full set of retries after its kill
    /// before its charge fails, as Johannes Weiner describes it on cgroups@ in December 2025 ("even
    /// an OOM victim is going to retry a full set of reclaims"). The model's 6.9 era.
    /// </summary>
    public static bool MemcgChargeFailsDyingChargerAfterOom(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// memcg limit reclaim's scan count of a zone below SWAP_CLUSTER_MAX is deferred, as global
    /// reclaim's is (<see cref="PriorityLoopEras.ScanCountDefersSmallBatches"/>), but in the
    /// memcg's own per-zone saved count (nr_scan_try_batch on the lruvec's
    /// reclaim_stat-&gt;nr_saved_scan, which for memcg reclaim is the memcg's per-zone one [R]),
    /// so a memcg smaller than a batch is not scanned at all until its saved count reaches
    /// SWAP_CLUSTER_MAX, a few charges later ("nr_scan_try_batch returns zero until saved pages
    /// become 32": Minchan Kim, linux-mm 2011, on this memcg problem [V]). KAMEZAWA Hiroyuki's
    /// "memcg: fix vmscan count in small memcgs" removed the deferral (4508378b9523, 3.0 [R]).
    /// Before that the split-LRU shrink_zone (2.6.28) and Wu Fengguang's nr_scan_try_batch (2009)
    /// deferred global reclaim only, "nr[l] = scan" for memcg [V: both diffs on linux-mm]. The
    /// model's 2.6.36 era (2.6.29 scans the count at once).
    /// </summary>
    public static bool MemcgReclaimDefersSmallBatches(this KernelEra era) => era.Is(KernelEra.V2_6_36);

    /// <summary>
    /// get_scan_count's force_scan for memcg reclaim: when no list's size &gt;&gt; priority is
    /// above 0 (from 3.16, 6f04f48dc9c0; each such list on its own before), every list is
    /// scanned by min(size, SWAP_CLUSTER_MAX) instead (<see cref="Mm.Vmscan.GetScanCount"/>),
    /// so a small memcg is scanned whole from
    /// DEF_PRIORITY ("When reclaiming for a memcg, a priority drop can cause high latencies, so
    /// it's better to scan a minimum amount there as well" [V: the comment and
    /// "if (!global_reclaim(sc)) force_scan = true" in a 3.10-based tree's get_scan_count]);
    /// KAMEZAWA Hiroyuki's "memcg: fix get_scan_count() for small targets" (246e87a93934, 3.2
    /// [R]). Removed by Johannes Weiner's "mm: don't avoid high-priority reclaim on memcg limit
    /// reclaim" (4.11 [R]: its message recalled, "remove the force_scan stuff"), after which a
    /// memcg's lists are scanned size &gt;&gt; priority, as a zone's. The model's 3.19 era.
    /// </summary>
    public static bool MemcgReclaimForcesScan(this KernelEra era) => era.Is(KernelEra.V3_19);
}
