namespace Wbcheck.Model;

/// <summary>
/// What the list era's (2.5.31's) dirty throttle and periodic writeback did where later eras
/// differ: no loop in balance_dirty_pages, one pass in wb_kupdate, and no queue congestion state
/// for anything to read. docs/eras.md, the section of branch list22; docs/throttle.md.
/// </summary>
public static class ListEraThrottleEras
{
    /// <summary>
    /// balance_dirty_pages looks once: over the async threshold (dirty_async_ratio of
    /// nr_free_pagecache_pages, dirty plus writeback pages) the dirtier writes one chunk of its
    /// disk's inodes (writeback_backing_dev, SYNC_WRITEBACK_PAGES), and whatever that left, it
    /// returns; then it starts pdflush's background_writeout if no pdflush thread is at the disk
    /// and dirty pages are over the background threshold. No loop, no wait, no dirty_exceeded
    /// [V: a 2.5.2x page-writeback.c; akpm's "writeback scalability improvements" diff against
    /// 2.5.26, which made the walk writeback_backing_dev; the same body on the "-" side of his
    /// writeback-control diff against 2.5.34. 2.5.31 itself [I]: its changelog's akpm entries
    /// touch none of it]. The loop with blk_congestion_wait that 2.6.20 has came after 2.5.34 [I].
    /// The list era.
    /// </summary>
    public static bool BalanceDirtyPagesLooksOnce(this KernelEra era) => era.HasPageLists();

    /// <summary>
    /// wb_kupdate makes one pass: nr_to_write is the pages dirty now (get_page_state's nr_dirty),
    /// writeback_unlocked_inodes over the inodes dirtied before the expire cut-off, then
    /// blk_run_queues and yield [V: the 2.5.2x copy, and the "-" side of the writeback-control
    /// diff]. Later eras loop in passes of MAX_WRITEBACK_PAGES until a short one. The list era.
    /// </summary>
    public static bool KupdateMakesOnePass(this KernelEra era) => era.HasPageLists();

    /// <summary>
    /// The block layer keeps a congestion state the VM can read (queue-congestion.patch,
    /// "Infrastructure for communicating request queue congestion to the VM", 2.5.33-mm2, merged
    /// by 2.5.39 [V: akpm's notes; docs/eras.md section 71]): get_request sets it at the queue's
    /// congestion-on threshold, freed_request clears it and wakes blk_congestion_wait. 2.5.31's
    /// backing_dev_info had no such state [V: a 2.5.2x backing-dev.h and ll_rw_blk.c]: nothing
    /// sets it, nothing reads it, and there is no congestion_wait. The eras from 2.6.20.
    /// </summary>
    public static bool HasQueueCongestion(this KernelEra era) => !era.HasPageLists();

    /// <summary>
    /// __writeback_single_inode passes by an inode another thread is writing (I_LOCK) only when
    /// the caller is a pdflush thread; any other caller, whatever its sync mode, sleeps in
    /// __wait_on_inode until that writer is done, then writes the inode itself [V: a 2.5.2x
    /// fs-writeback.c; the same test on the "-" side of the writeback-control diff against
    /// 2.5.34]. So 2.5.31's throttled dirtier and sync's WB_SYNC_HOLD pass wait on pdflush's
    /// inode. 2.6.20 skips it for every pass but WB_SYNC_ALL. The list era.
    /// </summary>
    public static bool OnlyPdflushSkipsLockedInode(this KernelEra era) => era.HasPageLists();

    /// <summary>
    /// The write path sets current-&gt;backing_dev_info to the mapping's disk around the copy
    /// ("We can write back this queue in page reclaim"): added by akpm's "low-latency page
    /// reclaim" (BKrev 3d8ea3ce, 23 September 2002, after 2.5.34 [V: its mm/filemap.c hunk, read
    /// for docs/eras.md section 79]), with the shrink_list test that reads it. 2.5.31's
    /// generic_file_write_nolock had no such field to set. The model's 2.6.20 to 5.0 eras: hch's
    /// "backing_dev: remove current-&gt;backing_dev_info" took the field out in 2023 (6.5 [R]), so
    /// 6.9 sets none (from 3.2 nothing the model runs reads it, section 65).
    /// </summary>
    public static bool WriteSetsCurrentBackingDevInfo(this KernelEra era) => !era.HasPageLists() && era.Before(KernelEra.V6_9);

    /// <summary>
    /// balance_dirty_pages_ratelimited looks every RATELIMIT_PAGES pages a CPU has dirtied, a
    /// constant of 512 KB of pages (128 of 4 KB), tested on the count before it is bumped
    /// ("ratelimits[cpu].count++ &gt;= RATELIMIT_PAGES": the 129th page looks), and the
    /// dirtier's chunk is SYNC_WRITEBACK_PAGES, half as much again (192); page_writeback_init
    /// (wb_timer_init) only arms the timer: no set_ratelimit, no scaling of the ratios by the
    /// highmem share [V: the "-" side of akpm's "[patch 3/21] scaled writeback throttling
    /// levels", lkml 11 August 2002, against 2.5.31, which brought ratelimit_pages and
    /// set_ratelimit; the "-" side of his "adjustments to dirty memory thresholds", against
    /// 2.5.32, whose "+" side brought the scaling]. The list era.
    /// </summary>
    public static bool RatelimitIsFixed(this KernelEra era) => era.HasPageLists();

    /// <summary>
    /// balance_dirty_pages_ratelimited tests the CPU's count as it was before this page
    /// ("ratelimits[cpu].count++ &gt;= RATELIMIT_PAGES"), and a look leaves it at 0: so
    /// RATELIMIT_PAGES pages pass and the next one looks, a look every RATELIMIT_PAGES + 1 pages
    /// (the 129th page of 2.5.31's 128) [V: the "-" side of akpm's "[patch 3/21] scaled writeback
    /// throttling levels", against 2.5.31]. The post-increment stayed while the count was an int
    /// bumped per page [V: "per_cpu(ratelimits, cpu)++ &gt;= ratelimit" in a 2.5.73-bk4 diff,
    /// "get_cpu_var(ratelimits)++ &gt;= ratelimit" in 2.6.0-test2 and 2.6.16-rt16 diffs].
    /// balance_dirty_pages_ratelimited_nr (akpm, early 2006 [V: his lkml mail of 2 March 2006];
    /// 2.6.17 [I]) adds the pages first ("*p += nr_pages_dirtied; if (*p &gt;= ratelimit)"), so
    /// the ratelimit-th page looks [V: 2.6.20's page-writeback.c; a 2.6.2x copy with the per-device
    /// ratios; the 2.6.3x form with bdp_ratelimits and sync_writeback_pages(*p)], and from 3.2
    /// account_page_dirtied bumps bdp_ratelimits before the test reads it [V: 3.18, the I/O-less
    /// throttle]. No model era lies between 2.5.31 and 2.6.17. The list era.
    /// </summary>
    public static bool RatelimitTestsCountBeforeBump(this KernelEra era) => era.HasPageLists();
}
