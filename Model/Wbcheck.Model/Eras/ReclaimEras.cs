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
    public static bool ReclaimActivatesPagesItCannotWrite(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// A page whose buffers try_to_release_page could not free goes to the active list
    /// (shrink_page_list's "goto activate_locked", there in the first git tree, 2.6.12 [V: a blame
    /// listing], and in 6.x's shrink_folio_list [V]). 2.5.31's shrink_cache left it where it was,
    /// unlocked, at the inactive list's head ("failed to drop the buffers so stop here" [V: 2.4-era
    /// shrink_cache texts; 2.5.31's, whose success branch the "-" side of akpm's "[patch 6/21]
    /// multithread and batch page reclaim" shows, I]), and 2.5.32's
    /// shrink_list kept it too (keep_locked [V: akpm's "pass the correct flags to
    /// aops-&gt;releasepage()", quoted on linux-mm in August 2010]). The model's 2.6.20 era on.
    /// </summary>
    public static bool ReleasepageFailureActivates(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// shrink_zone ends with throttle_vm_writeout: every reclaimer (direct, kswapd, memcg) waits
    /// there while writeback is over the dirty threshold plus a tenth
    /// (<see cref="Mm.Throttle.DirtyThrottle.ThrottleVmWriteout"/>): 2.6.20's shrink_zone
    /// ("throttle_vm_writeout();" [V: 2.6.20-era shrink_zone]), 2.6.29's and 2.6.3x's
    /// ("throttle_vm_writeout(sc-&gt;gfp_mask);"), 3.x's shrink_lruvec and 4.8's
    /// shrink_node_memcg [V: Michal Hocko's patch removing it, linux-mm, 14 August 2016].
    /// Introduced against OOMs from pageout filling the queue with writeback
    /// (vm-pageout-throttling, 2.6.9-rc1-mm3, the removal's message says); removed by that
    /// patch, "mm, vmscan: get rid of throttle_vm_writeout" (bf48438354a7, 4.9 [V: a table of
    /// upstream commits by release, and the mmotm since-4.8 shortlog]). The model's 2.6.20 to
    /// 3.19 eras (2.5.31's shrink_cache had none).
    /// </summary>
    public static bool ReclaimThrottlesVmWriteout(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20) && era.Before(KernelEra.V4_13);

    /// <summary>
    /// pageout keeps a dirty page (PAGE_KEEP: keep_locked, the page stays on the inactive list)
    /// when its disk's queue is write-congested, unless the reclaimer may write to any queue
    /// (kswapd: PF_SWAPWRITE from 2.6.15, current_is_kswapd() before) or is inside a write(2) to
    /// that disk (bdi == current-&gt;backing_dev_info): may_write_to_queue, from akpm's "Give
    /// kswapd writeback higher priority than pdflush" (December 2002, BK c4e2d7ddde96, which
    /// gathered the test shrink_list had as "bdi != current-&gt;backing_dev_info &amp;&amp;
    /// bdi_write_congested(bdi)" into it) [V: that commit's diff quoted on linux-mm in 2007; the
    /// 2.6.14 PF_SWAPWRITE diff; 2.6.2x and 2.6.3x copies; the lumpy-reclaim diff that added
    /// "sc-&gt;order &gt; PAGE_ALLOC_COSTLY_ORDER", 2.6.36 or 2.6.37 [I], order 0 in the
    /// model]. 2.5.31's shrink_cache wrote a dirty page whatever the queue (no congestion test
    /// on the "-" side of akpm's "[patch 6/21] multithread and batch page reclaim", which is
    /// 2.5.31's vmscan.c [V, docs/eras.md section 83]). From 3.2
    /// (ee72886d8ed5 [V: the full id, docs/eras.md section 6]) only kswapd writes filesystem pages
    /// (<see cref="KernelEras.OnlyKswapdWritesFsPages"/>), and kswapd passes the test:
    /// moot from the model's 3.19 era, and so is 4.x's may_write_to_inode (inode_write_congested,
    /// the same three exceptions, PF_SWAPWRITE first [V: the diff renaming it]). The model's
    /// 2.6.20 to 2.6.36 eras.
    /// </summary>
    public static bool PageoutSkipsCongestedQueue(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20) && era.Before(KernelEra.V3_19);

    /// <summary>
    /// pageout returns PAGE_ACTIVATE for a page whose mapping has no -&gt;writepage
    /// ("if (mapping-&gt;a_ops-&gt;writepage == NULL)"), after is_page_cache_freeable and the
    /// mapping test and before the queue test and clear_page_dirty_for_io: shrink_page_list
    /// activates the page, dirty, neither cleaned nor marked PG_reclaim by pageout [V: a
    /// 2.6.29-based copy of pageout, the 2.6.36 lumpy-reclaim diff's and the 3.x/4.x
    /// may_write_to_queue/may_write_to_inode diffs' context, a 4.x tree, a 6.x tree with
    /// folio_clear_dirty_for_io and swap_plug (6.6 or near), and the later 6.1x annotated copy
    /// whose pageout passes folio_list; 2.6.20 and 6.9/6.10 [I] between them]. After the model's
    /// eras the removal of -&gt;writepage made it "!shmem_mapping(mapping) &amp;&amp;
    /// !folio_test_anon(folio)" (Baolin Wang's 2025 patch's context [V]). 2.5.31's shrink_cache
    /// wrote a dirty page through -&gt;vm_writeback or generic_vm_writeback (do_writepages over
    /// the file), with no such test [R]: <see cref="ReclaimWritesThroughVmWriteback"/>. The
    /// model's 2.6.20 era on.
    /// </summary>
    public static bool PageoutActivatesWithoutWritepage(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// Reclaim waits for a page under writeback when it may enter the filesystem (may_enter_fs:
    /// __GFP_FS, or __GFP_IO for swap cache): 2.5.31's shrink_cache, before it locks the page,
    /// "IO in progress? Leave it at the back of the list": with may_enter_fs it takes a reference,
    /// drops pagemap_lru_lock, wait_on_page_writeback, and goes on to the next page either way
    /// [V: the "-" side of akpm's "multithread and batch page reclaim", 11 August 2002, against
    /// 2.5.31]. That patch (2.5.32) moved the wait under the page lock ("throttling") and went on
    /// with the page; akpm's nonblocking-vm (posted to linux-mm on 4 September 2002 against 2.5.33;
    /// in mainline with queue-congestion, 2.5.39 [I]) made shrink_list keep a page under writeback
    /// unwaited ("If the page is under writeback, refile it") [V: that posting]. The model's list era.
    /// </summary>
    public static bool ReclaimWaitsOnPageWriteback(this KernelEra era) => era.Before(KernelEra.V2_6_20);

    /// <summary>
    /// Reclaim writes a dirty page through the mapping's -&gt;vm_writeback, generic_vm_writeback
    /// by default: igrab the inode under the page lock, unlock the page, do_writepages over the
    /// mapping with nr_to_write SWAP_CLUSTER_MAX, iput; the page itself is kept ("goto keep" /
    /// continue), to be freed by a later scan once clean [V: 2.5.31's shrink_cache and
    /// generic_vm_writeback, read as the "-" sides of akpm's August and September 2002 diffs; a
    /// 2.5.3x page-writeback.c]. No PG_reclaim: reclaim did not mark the page. "Remove
    /// mapping-&gt;vm_writeback" ended it in 2.5.49 [V: Linus' 2.5.49 changelog]; shrink_list
    /// then wrote the page itself with -&gt;writepage (2.5.68's form, <see cref="Mm.Vmscan.Pageout"/>).
    /// Andrew Morton in 2010 on 2.5.48's generic_vm_writeback: "and that still uses igrab :(",
    /// the iput that can be the final one from inside reclaim. The model's list era.
    /// </summary>
    public static bool ReclaimWritesThroughVmWriteback(this KernelEra era) => era.Before(KernelEra.V2_6_20);

    /// <summary>
    /// kswapd in laptop mode starts writing pages once its priority is below DEF_PRIORITY - 2:
    /// from Mel Gorman's kswapd series of 3.11 (his linux-mm patch of 2013 moving the check once
    /// a pgdat scan, read; the commit that replaced the scan count [R]). Before, once it had scanned
    /// more than SWAP_CLUSTER_MAX * 2 pages and freed fewer than two in three (read in a 2.6.9
    /// report, 2.6.2x and 2.6.3x diffs, and still in a 3.7-rc RFC of November 2012). The model's
    /// 3.19 era on.
    /// </summary>
    public static bool KswapdRaisesMayWritepageByPriority(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// kswapd writes a dirty file page only when reclaim has flagged the page's zone dirty
    /// (ZONE_DIRTY: a batch of pages shrink_inactive_list took were all dirty and not yet queued
    /// for I/O, so the flushers are not keeping up); otherwise it marks the page PG_reclaim and
    /// keeps it. From Mel Gorman's "mm: vmscan: have kswapd writeback pages based on dirty pages
    /// encountered, not priority" (d43006d503ac [R id], 3.11 [R]; read as his 2013 linux-mm patch
    /// setting ZONE_TAIL_LRU_DIRTY when nr_unqueued_dirty == nr_taken, and the gate read as
    /// test_bit(ZONE_DIRTY) in a 4.x tree before the node series). Before, from 3.2 to 3.10,
    /// kswapd kept such a page while its priority was DEF_PRIORITY - 2 or above (ee72886d8ed5):
    /// no model era lies there. The model's 3.19 era on; from 4.8 the flag is the node's
    /// (PGDAT_DIRTY, the node-LRU series' diff, read).
    /// </summary>
    public static bool KswapdWritesOnlyWhenReclaimDirty(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// ... and only a page it has met before, which carries PG_reclaim from that meeting: the
    /// first time it marks the page and activates it, the second time (the page has come round
    /// the LRU and is still not queued for I/O) it writes it. From 4eda48235011 ("mm: vmscan:
    /// only write dirty pages that the scanner has seen twice", Johannes Weiner; the patch read as
    /// 4/5 on linux-mm, 23 January 2017; in mmotm's since-4.10 branch of 23 February 2017, so the
    /// 4.11 merge window [V]). The model's 4.13 era on.
    /// </summary>
    public static bool KswapdWritesOnlyPagesSeenTwice(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// Whether direct reclaim, not only kswapd, flags the zone or node dirty after a batch of
    /// unqueued dirty pages: shrink_inactive_list did for any global reclaim from 3.11 (read in
    /// the 2013 patch and in the 4.8 node series' diff); Andrey Ryabinin's "mm/vmscan: don't mess
    /// with pgdat->flags in memcg reclaim" (v3 posted 6 April 2018, read: the pgdat flags are set
    /// under current_is_kswapd() in shrink_node; its v1 of March had kept sane_reclaim) is in
    /// mmotm's since-4.16 branch (read), so 4.17 or 4.18 [I: 4.18, a patch posted in the 4.17
    /// merge window]; 6.x has the kswapd-only form (read). The model's 3.19 to 4.17 eras.
    /// </summary>
    public static bool DirectReclaimFlagsReclaimDirty(this KernelEra era) => era.AtLeast(KernelEra.V3_19) && era.Before(KernelEra.V4_20);

    /// <summary>
    /// ISOLATE_CLEAN: a reclaimer that may not write (sc->may_writepage off: laptop mode, for
    /// direct reclaim and for kswapd until it raises it; zone_reclaim without RECLAIM_WRITE)
    /// isolates only pages that are neither dirty nor under writeback; the rest stay on the LRU,
    /// untouched. From f80c0673610e ("mm: zone_reclaim: make isolate_lru_page() filter-aware",
    /// Minchan Kim [V id: cited as f80c067 in his 2013 linux-mm mails]; 3.2 [I]: absent from a
    /// 3.1 tree, read, and the mode is in 3.x trees, read); removed by Johannes Weiner's "mm:
    /// vmscan: scan dirty pages even in laptop mode" (its diff read as 1/5 of the series above,
    /// in the same since-4.10 branch: 4.11 [V]; id [R]). Direct reclaim's sc->may_writepage is
    /// !laptop_mode in every era, so outside laptop mode ISOLATE_CLEAN never applied to it (the
    /// 3.2 change that stopped direct reclaim writing file pages keeps them in shrink_page_list
    /// instead). The model's 3.19 era only.
    /// </summary>
    public static bool IsolatesOnlyCleanWithoutWritepage(this KernelEra era) => era.Is(KernelEra.V3_19);
    /// <summary>
    /// clear_page_dirty_for_io clears PG_reclaim, so that a readahead mark (PG_readahead shares
    /// the bit from fe3cba17, "mm: share PG_readahead and PG_reclaim", 2.6.23 [R]) does not make
    /// reclaim free the page the moment its writeback ends. Moved to set_page_dirty by
    /// 278df9f451dc (<see cref="SetPageDirtyClearsReclaim"/>): read in its v6 diff, which names
    /// fe3cba17 as the change that put it there. The model's 2.6.36 era (2.6.23 to 2.6.38).
    /// </summary>
    public static bool ClearPageDirtyForIoClearsReclaim(this KernelEra era) => era.Is(KernelEra.V2_6_36);

    /// <summary>
    /// set_page_dirty (folio_mark_dirty) clears PG_reclaim of a page with a mapping: a redirtied
    /// page is in use again, and reclaim must not rotate or write it on the strength of a mark
    /// left before (deactivate_page marks dirty pages from the same series; from 4.11 the mark
    /// is also kswapd's "met it before", <see cref="KswapdWritesOnlyPagesSeenTwice"/>). From
    /// Minchan Kim's "mm: reclaim invalidated page ASAP" (278df9f451dc [R id]; its v6, 3/3, read
    /// on linux-mm of 20 February 2011, after 2.6.38-rc5, so the 2.6.39 merge window [I]); the
    /// same patch took the clear out of clear_page_dirty_for_io. Later trees test the bit before
    /// clearing it (read in 4.x and 6.9 trees); the model always does. The model's 3.19 era on.
    /// Not through redirty_page_for_writepage, which calls __set_page_dirty_nobuffers
    /// (filemap_dirty_folio in 6.9) directly.
    /// </summary>
    public static bool SetPageDirtyClearsReclaim(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// A page reclaim finds under writeback is marked PG_reclaim as it is kept (counted in
    /// nr_writeback), so that end_page_writeback rotates it to the inactive list's tail, to be
    /// freed soon: Hugh Dickins' "memcg: further prevent OOM with too many dirty pages"
    /// (c3b94f44fcb0 [V: a 4.x blame listing dates those lines 2012-07-31 under that id]; 3.6
    /// [I: the date is in the 3.6 merge window]). Before, the page was only kept. The model's
    /// 3.19 era on.
    /// </summary>
    public static bool ReclaimMarksPagesUnderWriteback(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// kswapd meeting again a page under writeback that it marked (PG_reclaim) while reclaim has
    /// flagged the zone as writing back (ZONE_WRITEBACK, from 4.8 the node's PGDAT_WRITEBACK: a
    /// batch whose taken pages were all under writeback) counts it in nr_immediate, and after
    /// the batch stalls: congestion_wait(BLK_RW_ASYNC, HZ/10) until 5.x, reclaim_throttle(pgdat,
    /// VMSCAN_THROTTLE_WRITEBACK) in 6.9 (read in the 3.x, 4.x and 6.9 trees' "Case 1"). From
    /// Mel Gorman's "mm: vmscan: block kswapd if it is encountering pages under writeback"
    /// (3.11 [R]; id 283aba9f9e0e [V: a linux-stable commitdiff page for
    /// 283aba9f9e0e4882bf09bd37a2983379a6fae805 adds the "three cases" comment of this wait; its
    /// title was not on the page]). The model's 3.19 era on.
    /// </summary>
    public static bool KswapdStallsOnPagesUnderWriteback(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The stall of <see cref="KswapdStallsOnPagesUnderWriteback"/> is reclaim_throttle, not
    /// congestion_wait: Mel Gorman's "mm/vmscan: throttle reclaim until some writeback
    /// completes if under writeback" (8cd7c588decf [R id], 5.16 [R]). The model's 6.9 era.
    /// </summary>
    public static bool ReclaimThrottlesOnWriteback(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// end_page_writeback of a page reclaim marked PG_reclaim rotates it to the tail of its LRU
    /// (rotate_reclaimable_page), so the next batch frees it: 2.6.20 [V: its end_page_writeback
    /// tests TestClearPageReclaim and calls rotate_reclaimable_page], every later form [V: 3.x
    /// and the folio form, folio_rotate_reclaimable]. 2.5.31 has no PG_reclaim [V: its
    /// shrink_cache waits on writeback or keeps the page]. The model's 2.6.20 era on.
    /// </summary>
    public static bool EndWritebackRotatesReclaimablePage(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// Reclaim's try_to_unmap_one fails (SWAP_FAIL; false from 4.13's bool form) when the pte it
    /// is about to clear is young again, clearing the bit as it tests it (ptep_clear_flush_young),
    /// and shrink_page_list then activates the page (activate_locked), still mapped: 2.6.20's "if
    /// (!migration &amp;&amp; ((vma-&gt;vm_flags &amp; VM_LOCKED) || ptep_clear_flush_young(...)))"
    /// [V: a stored 2.6.20 tree's mm/rmap.c], later "if (!(flags &amp; TTU_IGNORE_ACCESS))" around
    /// ptep_clear_flush_young_notify [V: 3.x and 4.x copies, 4.13's page_vma_mapped_walk form
    /// too]; reclaim passes no TTU_IGNORE_ACCESS. Removed by Shakeel Butt's "mm/rmap: always do
    /// TTU_IGNORE_ACCESS" (013339df116c [V: the 5.10-stable backport's "Upstream commit" line];
    /// 5.11 [I from the dates]). 2.5.31's pte_chain try_to_unmap_one is not read: the model gives
    /// it the check [I]. The model's 2.5 to 5.0 eras.
    /// </summary>
    public static bool TryToUnmapFailsOnYoungPte(this KernelEra era) => era.Before(KernelEra.V6_9);
}
