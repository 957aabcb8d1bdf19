namespace Wbcheck.Model;

/// <summary>
/// The active list and the references that feed it, era by era: who sets PG_referenced and
/// PG_active, how reclaim reads the references of a page it meets, and how the active list is
/// brought back to the inactive one. docs/eras.md, the section of branch lru3.
/// </summary>
public static class ActiveListEras
{
    /// <summary>
    /// How the inactive list is refilled: 2.5.31's refill_inactive (a 2.5.3x vmscan.c [V]);
    /// 2.6's refill_inactive_zone (2.6.20 [V: the 2.6.20-era shrink_zone and refill_inactive_zone
    /// read in 2006 diffs]); Rik van Riel's split LRU (4f98a2fee8ac, 2.6.28 [R id]), whose
    /// shrink_active_list deactivates every file page; his "vmscan: evict use-once pages first"
    /// (56e49d218890, 2.6.31 [R id]), which scans the file active list only while it is larger than
    /// the inactive one, a rule later trees keep for a small machine (inactive_is_low's ratio is 1
    /// below a gigabyte [V: 4.19 and 6.9 trees]).
    /// </summary>
    public static ActiveListForm ActiveListForm(this KernelEra era) =>
        era.Is(KernelEra.V2_5) ? Model.ActiveListForm.RefillInactive
        : era.Is(KernelEra.V2_6_20) ? Model.ActiveListForm.RefillInactiveZone
        : era.Is(KernelEra.V2_6_29) ? Model.ActiveListForm.SplitLru
        : Model.ActiveListForm.InactiveIsLow;

    /// <summary>
    /// shrink_page_list reads a page's references through page_check_references (Johannes
    /// Weiner's "vmscan: detect mapped file pages used only once", 645747462435, 2.6.34 [R id; the release from its place, v2.6.33-5448, 5 March 2010]):
    /// a page its ptes referenced is kept the first time (PG_referenced set) and activated only if
    /// referenced again, or through two ptes; a page referenced only by PG_referenced is freed
    /// if clean and not written if dirty (PAGEREF_RECLAIM_CLEAN). Before, page_referenced (which
    /// also tested and cleared PG_referenced) activated any referenced page whose mapping was
    /// mapped (page_mapping_inuse). The model's 2.6.36 era on (folio_check_references in 6.9 [V]).
    /// </summary>
    public static bool PageCheckReferences(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// Before page_check_references, shrink_page_list kept a referenced dirty page it did not
    /// activate: "if (PageDirty(page)) { if (referenced) goto keep_locked;" (2.6.2x [V: the
    /// context of the lumpy reclaim diff that made it "sc-&gt;order &lt;= 3 &amp;&amp;
    /// referenced", 2.6.23]), "sc-&gt;order &lt;= PAGE_ALLOC_COSTLY_ORDER &amp;&amp; referenced" in
    /// 2.6.29 [V: 645747462435's diff, which made it "references == PAGEREF_RECLAIM_CLEAN"]. A
    /// page referenced only through PG_referenced (a buffered write's mark_page_accessed) of a
    /// file nobody maps is thus kept unwritten the first time reclaim meets it (page_referenced
    /// cleared the flag), written the second, freed the third. 2.5.31 had no such test: its
    /// shrink_cache wrote any dirty page it did not activate ("if (PageDirty(page) &amp;&amp;
    /// is_page_cache_freeable(page) &amp;&amp; page-&gt;mapping &amp;&amp; may_enter_fs)", the
    /// removed lines of Andrew Morton's "multithread and batch page reclaim", against 2.5.31,
    /// 11 August 2002 [V]); the commit that added the test between them: id not found. The
    /// model's 2.6.20 and 2.6.29 eras (from 2.6.36 <see cref="PageCheckReferences"/>'s
    /// PAGEREF_RECLAIM_CLEAN does the same).
    /// </summary>
    public static bool ReclaimKeepsReferencedDirtyPage(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// A buffered write marks the page accessed (mark_page_accessed after commit_write or
    /// write_end in 2.6.20 [V]; from Mel Gorman's 2457aec63745, 3.16 [R id], FGP_ACCESSED in
    /// grab_cache_page_write_begin) until Johannes Weiner's "mm: filemap: only do access
    /// activations on reads" (its patch read on linux-mm, 4 April 2016: 4.7 [I]; id [R]
    /// bbddabe2e436) took FGP_ACCESSED out of write_begin. The model's eras to 3.19; 2.5.31's
    /// generic_file_write [I].
    /// </summary>
    public static bool BufferedWriteMarksPageAccessed(this KernelEra era) => era.Before(KernelEra.V4_13);

    /// <summary>
    /// The end of writeback of a PG_reclaim page rotates an active page too, deactivating it on
    /// the way to the inactive tail (c55e8d035b28, 4.11: pagevec_move_tail_fn's ClearPageActive
    /// [I]); before, rotate_reclaimable_page passed active pages over (its !PageActive test, 2.6.20
    /// and 3.18 [V]). The model's 4.13 era on.
    /// </summary>
    public static bool RotationDeactivates(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// Whether the active file list is deactivated is decided once a round, from the reclaim
    /// root's lists (the memcg's for a memcg's limit reclaim) at the start of shrink_node
    /// (sc-&gt;may_deactivate), and a direct or memcg reclaim that freed nothing while it skipped a
    /// deactivation runs its priority loop again with deactivation forced (force_deactivate):
    /// Johannes Weiner's "mm: vmscan: enforce inactive:active ratio at the reclaim root"
    /// (b91ac374346b, 5.5 [R id]; the patch read on linux-kernel, 3 June 2019 [V]; 6.x's
    /// do_try_to_free_pages and shrink_node keep both [V]). Before, shrink_list asked
    /// inactive_list_is_low of the lruvec at each active batch. The model's 6.9 era on.
    /// </summary>
    public static bool ReclaimForcesDeactivation(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// zap_pte_range passes a young pte's access on to the file page it unmaps with
    /// mark_page_accessed, so an mmap, a touch and a munmap count as a read(2) does: in 2005
    /// patches against 2.6.14-rc (Hugh Dickins') and 2.6.14 [V: their context lines], in later 2.6
    /// trees ("if (pte_young(ptent) &amp;&amp; likely(!VM_SequentialReadHint(vma)))" [V: two vendor
    /// trees]), and in 6.x's zap_present_folio_ptes, folio_mark_accessed under vma_has_recency
    /// [V: the context of 6.8-6.9 patches]. Between, "do not disturb page referenced state when
    /// unmapping memory range" (daa88c8d214c, signed off by Peter Zijlstra, acked by Ken Chen [V:
    /// its diff, mark_page_accessed to SetPageReferenced], later than 2.6.20: the 2.6.20 tree's
    /// zap_pte_range still has mark_page_accessed) set only PG_referenced, until Nick Piggin's
    /// "mm: don't mark_page_accessed in fault path" (bf3f3bc5e734 [V: its diff], v2.6.28-6130, so
    /// 2.6.29 [V: the describe name in a linux-mm mail]) went back to mark_page_accessed. 2.6.20
    /// calls mark_page_accessed on a young pte of a file page [V: a stored 2.6.20 tree's
    /// mm/memory.c, sagsango/linux-2.6.20 @027db5f3, whose fastcall get_locked_pte,
    /// zeromap_page_range and arch_enter_lazy_mmu_mode fit 2.6.19-2.6.23]. 2.5.31 passes nothing
    /// on [I, across lineages]: the earliest text read with the transfer is 2.6.0's zap_pte_range
    /// (page-&gt;mapping, pte_young, not PageSwapCache: mark_page_accessed [V: a stored 2.6.0
    /// tree, AbcCreatorDeep/Linux-2.6.0-annotation @167488ea, as review25 read it]); the only
    /// text read without it is a 2.4-rmap vendor tree (Rik van Riel's patchset, not the 2.5 line),
    /// whose __free_pte moves only the dirty bit [V]. So the transfer came in (2.4-rmap, 2.6.0]
    /// and whether 2.5.31 had it is open. The pte's young bit goes with the pte in every era. VM_SEQ_READ (madvise) and
    /// FMODE_NOREUSE are not modelled: the model's mapping always has recency.
    /// </summary>
    public static bool ZapMarksPageAccessed(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);
}
