using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios.Throttle;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The era table of the race scenarios, as data: which scenario fails on which eras, how, and
/// which change fixed it; which scenarios and invariants do not apply to an era at all, and why.
/// Every (scenario, era) listed in neither holds. Each era fails exactly the cells the change
/// that ended it names (see <see cref="KernelEras"/>); the igrab writeout was a proposal, never
/// merged, and fails everywhere. The list era's cells rest on 2.5 and 2.6.0 source read in part;
/// the rows that go beyond what was read say "inferred".
/// </summary>
public static class Expectations
{
    /// <summary>end_page_writeback's reference across the wake-up (see <see cref="TruncateEras.EndWritebackHoldsReference"/>).</summary>
    private const string UafFix = "073861ed77b6 (\"mm: fix VM_BUG_ON(PageTail) and BUG_ON(PageWriteback)\", 5.10, stable 5.8+; Fixes: 2a9127fcf229, which made it likely)";

    /// <summary>generic_vm_writeback's igrab/iput from reclaim (see <see cref="ReclaimEras.ReclaimWritesThroughVmWriteback"/>).</summary>
    private const string VmWritebackFix = "\"Remove mapping->vm_writeback\" (Andrew Morton, 2.5.49: shrink_list writes the page itself with ->writepage, under its lock; pre-git, no id)";

    /// <summary>do_no_page's truncate_count re-check (see <see cref="PageTableEras.FaultRechecksTruncateCount"/>).</summary>
    private const string TruncateCountFix = "\"vmtruncate race fix\" ([R] as a title: the posting's description, not a verified subject line; do_no_page re-reads truncate_count under the pte lock; posted against 2.5.73-mm1, June 2003 [V]; in 2.6.0 [I]; pre-git, no id; from d00806b18315, 2.6.23, the page lock held from the lookup to the pte does it instead)";

    /// <summary>__do_fault dirtying the page before unlock_page (see <see cref="PageTableEras.SharedFaultDirtiesLocked"/>).</summary>
    private const string PunchFaultFix = "ea3d7209ca01 (\"ext4: fix races between page faults and hole punching\", Jan Kara, 4.5 [I]: ext4's i_mmap_sem, shared in ext4_filemap_fault, exclusive across the punch; every filesystem from 730633f0b7f9, \"mm: Protect operations adding pages to page cache with invalidate_lock\", 5.15; d00806b18315's page lock, 2.6.23, keeps a cached page from being mapped while it is removed, not a page from being read back in)";

    /// <summary>read(2) and readahead adding pages under the mapping's invalidate_lock (see <see cref="TruncateEras.HasInvalidateLock"/>).</summary>
    private const string PunchReadFix = "730633f0b7f9 (\"mm: Protect operations adding pages to page cache with invalidate_lock\", Jan Kara, 5.15: page_cache_ra_unbounded, filemap_create_page and filemap_update_page take it shared), with ext4's punch taking it: d4f5258eae7b (\"ext4: Convert to use mapping->invalidate_lock\", same pull: \"we fix a long standing race between hole punching and read(2) / readahead(2) paths\"); ext4's i_mmap_sem (ea3d7209ca01, 4.5) held only the fault off";

    /// <summary>wb_writeback's wait on the tail of b_more_io that touches no inode once woken (see <see cref="FsWriteback.InodeSleepOnWriteback"/>).</summary>
    private const string FlusherWaitFix = "169ebd90131b (\"writeback: Avoid iput() from flusher thread\", Jan Kara, 3.5 [V: title and message; R: the release]: \"we also fix possible use-after-free in wb_writeback() because inode_wait_for_writeback() call could try to reacquire i_lock on the inode that was already free\"; the wait came with the per-bdi flusher's wb_writeback, 2.6.32 [I: not in 03ba3782e8dc's first loop, in a 2.6.33-era tree (struct bdi_work) V])";

    /// <summary>ext4's i_mmap_sem in ext4_filemap_fault and ext4_page_mkwrite (see <see cref="TruncateEras.HasExt4MmapSem"/>).</summary>
    private const string PunchStoreFaultFix = "ea3d7209ca01 (\"ext4: fix races between page faults and hole punching\", Jan Kara, 4.5 [I]: ext4's i_mmap_sem, exclusive across the punch, shared in ext4_filemap_fault around the read-in and in ext4_page_mkwrite around the block allocation; the mapping's invalidate_lock from 730633f0b7f9 and d4f5258eae7b, 5.15)";

    /// <summary>The fault's page lock from the lookup to the pte, for invalidation inside i_size (see <see cref="PageTableEras.FaultLocksPage"/>).</summary>
    private const string FaultInvalidateFix = "d00806b18315 (\"mm: fix fault vs invalidate race for linear mappings\" [R as a title], Nick Piggin, 2.6.23: the page locked from the lookup to the pte; truncate_count \"fails in the case where we would like to invalidate pagecache inside i_size\")";

    private const string PageMkwriteRacesFix = "b827e496c893 (\"mm: close page_mkwrite races\", Nick Piggin, 2.6.30 [I]: __do_fault dirties the page before unlock_page)";

    /// <summary>do_wp_page keeping the page -&gt;page_mkwrite locked until it is dirtied (see <see cref="PageTableEras.PageMkwriteReturnsLocked"/>).</summary>
    private const string PageMkwriteLockedFix = "b827e496c893 (\"mm: close page_mkwrite races\", Nick Piggin, 2.6.30 [I]: ->page_mkwrite returns the page locked, do_wp_page dirties it before unlock_page)";

    public static IReadOnlyList<ExpectedBug> Bugs { get; } =
    [
        // memcg reclaim waits on a PG_reclaim page under writeback for a GFP_NOFS charge (3.6's
        // __GFP_IO gate): a filesystem charging while its own bio is unsubmitted waits for itself.
        new(Memcg.MemcgReclaimWritebackWait.ScenarioName, KernelEra.V3_19, KernelEra.V4_13, BugKind.Deadlock, "",
            "ecf5fc6e9654 (\"mm, vmscan: Do not wait for page writeback for GFP_NOFS allocations\", 4.2)") { FixedBetweenEras = true },
        // From 4.13 the flush's charge no longer waits, its bio is submitted and its completion
        // races with the writer's reclaim freeing the written page: end_page_writeback's wake-up
        // without a reference (see end-writeback-vs-truncate).
        new(Memcg.MemcgReclaimWritebackWait.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },

        // The manual page's two hazards of a walk without io_pages; io_pages was there from the
        // first address_space writeback (2.5.12), so these show the design, not a release.
        new(BioRedirty.RedirtyNoIoPagesName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.Deadlock, "",
            "io_pages, in every list-era kernel (from 2.5.12): the caller moves dirty_pages there and the walk takes only io_pages"),
        new(BioRedirty.FastDirtierNoIoPagesName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.Livelock, BioRedirty.LivenessName,
            "io_pages, in every list-era kernel (from 2.5.12): pages dirtied after the splice wait on dirty_pages for the next pass"),

        // io_pages is one list per mapping, shared by every walker: a memory-cleaning walk takes
        // a page an fsync has just spliced there, finds it under writeback (redirtied) and parks
        // it on dirty_pages; the fsync's walk and its fdatawait (locked_pages only) both miss it.
        // Inferred from 2.5.31/2.6.0 code read in part; tags end it (no shared list to lose from).
        new(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.SafetyMonitor, IntegrityMonitor.Name,
            "stop-using-io-pages (-mm series that replaced the page lists with tags, 2.6.5-rc1-mm2; mainline 2.6.6; inferred)"),
        // The same shared io_pages lets a second walk's splice put back a page that sits in a
        // sync walk's unsent bio: the sync meets it again and waits on its own writeback.
        new(BioRedirtyTwoWalkers.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.Deadlock, "",
            "stop-using-io-pages (-mm series that replaced the page lists with tags, 2.6.5-rc1-mm2; mainline 2.6.6; inferred)"),

        // With tags the same race is harmless to the walk, but the fault dirties the page with no
        // lock: between its PG_dirty and its DIRTY tag, writeback cleans and writes the page, so
        // the tag lands on a clean page. Inferred; the 3.19 change that makes the fault hold the
        // page lock across set_page_dirty closes the window for this path.
        new(BioRedirtyTwoWalkers.ScenarioName, KernelEra.V2_6_20, KernelEra.V3_19, BugKind.SafetyMonitor, TagFlagCoherence.Name,
            "2d6d7f982846 (\"mm: protect set_page_dirty() from ongoing truncation\", 3.19; inferred: the write fault dirties under the page lock)"),
        new(FsyncVsDirtier.ScenarioName, KernelEra.V2_6_20, KernelEra.V2_6_29, BugKind.SafetyMonitor, IntegrityMonitor.Name,
            "05fe478dd04e (\"mm: write_cache_pages integrity fix\", 2.6.29)"),
        new(FsyncVsDirtier.ScenarioName, KernelEra.V2_6_29, KernelEra.V2_6_36, BugKind.Livelock, FsyncVsDirtier.LivenessName,
            "f446daaea9d4 (\"mm: implement writeback livelock avoidance using page tagging\", 2.6.36)"),
        // From 4.13 (4.10 in the kernel) its truncate and reclaim also free pages whose writeback
        // just ended before the wake-up reaches them (see end-writeback-vs-truncate): the search
        // may meet that first.
        new(BackgroundVsReclaimTruncate.ScenarioName, KernelEra.V2_6_29, KernelEra.V4_20, BugKind.SafetyMonitor, LockOrderMonitor.Name,
            "64081362e8ff (\"mm/page-writeback.c: fix range_cyclic writeback vs writepages deadlock\", 4.20)")
        {
            Or = new(BugKind.SafetyMonitor, UseAfterFree.Name, UafFix),
        },
        new(BackgroundVsReclaimTruncate.ScenarioName, KernelEra.V4_20, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        // 2.5.31's reclaim writes a dirty page through generic_vm_writeback: igrab under the page
        // lock, unlock, write the mapping, iput from inside reclaim, which can be the final one
        // (Morton, 2010, on 2.5.48's: "and that still uses igrab :("). The context check sees the
        // igrab at the first dirty page reclaim meets, in each scenario whose reclaimer meets one.
        new(BackgroundVsReclaimTruncate.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.SafetyMonitor, ReclaimInodeReference.Name, VmWritebackFix) { FixedBetweenEras = true },
        new(EvictVsReclaim.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.SafetyMonitor, ReclaimInodeReference.Name, VmWritebackFix) { FixedBetweenEras = true },
        new(GupDirtyVsReclaim.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.SafetyMonitor, ReclaimInodeReference.Name, VmWritebackFix) { FixedBetweenEras = true },
        // A filesystem without ->writepage: 2.5.31's kswapd writes its dirty page through
        // generic_vm_writeback (->writepages), igrab under the page lock, as the rows above.
        new(NoWritepageVsKswapd.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.SafetyMonitor, ReclaimInodeReference.Name, VmWritebackFix) { FixedBetweenEras = true },
        new(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29, KernelEra.V4_20, BugKind.Deadlock, "",
            "64081362e8ff (\"mm/page-writeback.c: fix range_cyclic writeback vs writepages deadlock\", 4.20)"),
        // A proposal, so every era; Morton's objection recalls doing the same in 2.5 and reverting it.
        // The context check sees the igrab under the page lock on every schedule, before the
        // final iput can deadlock in the one schedule where it evicts (what this cell found before
        // the check existed).
        new(ReclaimWriteout.IgrabName, KernelEra.V2_5, null, BugKind.SafetyMonitor, ReclaimInodeReference.Name,
            "none: the proposal was rejected (Andrew Morton, LKML 2010-06-11)"),
        // From 2.6.19 the write fault dirties the page after dropping the pte lock, with no page
        // lock. 2.5 had no dirtying write fault: a store dirtied the pte, and filemap_sync (msync)
        // or zap_pte_range moved it into PG_dirty holding the page_table_lock, which truncate's
        // zap_page_range takes before it removes a page, so that cell holds. Truncate's first
        // pass took one page at a time before 4.15, cancelling its dirtiness before taking the
        // tree lock for it, so the race has two consequences and the search meets either first,
        // depending on the schedule: the fault's accounting lands after truncate uncounted the
        // page (NR_FILE_DIRTY off by one), or the fault dirties the page in that window and it
        // leaves the cache dirty, its data lost. One fix closes both.
        new(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, KernelEra.V3_19, BugKind.SafetyMonitor, Accounting.Name,
            "2d6d7f982846 (\"mm: protect set_page_dirty() from ongoing truncation\", 3.19)")
        {
            Or = new(BugKind.SafetyMonitor, TruncateMonitor.Name,
                "2d6d7f982846 (\"mm: protect set_page_dirty() from ongoing truncation\", 3.19)"),
        },
        // From 4.10 the wake-up at the end of writeback writes the page's flags (PG_waiters), and
        // writeback holds no page reference: truncate can free the page between the clear and
        // the wake-up and another file get it. Before 4.10 the wake-up only hashed the page's
        // zone (holds); from 5.10 (stable 5.8+) a reference is held across it.
        // The fix landed in 5.10, inside the model's 5.0 era. fsync-vs-truncate and
        // reclaim-writeout-pagelock (and unmap-vs-writeback-truncate, evict-vs-reclaim, gup-dirty-vs-reclaim
        // and the realfs scenarios) free pages the same way: truncate, or fsync's or reclaim's
        // lookup reference being the last one left.
        new(EndWritebackVsTruncate.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        new(FsyncVsTruncate.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        new(ReclaimWriteout.PinnedName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        new(UnmapVsWritebackTruncate.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        new(EvictVsReclaim.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        new(RealFsWriteback.ClusterPartialName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        new(RealFsWriteback.DeclineName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        new(GupDirtyVsReclaim.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        // The last close's eviction frees the flusher's pages once their writeback has ended,
        // before end_page_writeback's wake-up reaches them (docs/eras.md section 116).
        new(FlusherVsFinalIput.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        // The flusher's pass wrote nothing (another writer holds I_SYNC), so wb_writeback waits for
        // the inode at the tail of b_more_io with no reference; the writer ends, the last close
        // evicts and frees it, and the woken flusher takes the freed inode's lock (docs/eras.md
        // section 127). The fix is inside the 2.6.36 era's span (3.5), which the model's 3.19 has.
        new(FlusherWaitVsFinalIput.ScenarioName, KernelEra.V2_6_36, KernelEra.V3_19, BugKind.SafetyMonitor, UseAfterFree.Name, FlusherWaitFix) { FixedBetweenEras = true },
        // From 4.10 to 5.9 (the model's 4.13 to 5.0) fsync's pagevec_release frees page 0 once its
        // writeback has ended and the last close truncated it, before end_page_writeback's
        // wake-up reaches it: the end-writeback use-after-free of flusher-vs-final-iput.
        new(FlusherWaitVsFinalIput.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        // kswapd frees page 0 once fsync's write of it has ended, before end_page_writeback's
        // wake-up reaches it (the filesystem without ->writepage changes nothing in that race).
        new(NoWritepageVsKswapd.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        // A writer's direct reclaim frees a clean page whose writeback fsync's I/O has just ended,
        // before end_page_writeback's wake-up reaches it (docs/nodes.md).
        new(Zones.DirectReclaimWriterVsFsync.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        // The same use-after-free on a filesystem that allocates under its journal handle: the
        // writer's GFP_NOFS reclaim frees a clean page whose writeback fsync's I/O has just ended.
        new(Zones.JournalledWriterVsFsync.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        // The shared io_pages once more (branch reclaim7): 2.5.31's direct reclaim wakes bdflush
        // after each round of its priority loop that falls short (shrink_caches, read), and the
        // pdflush background_writeout moves the writer's new dirty page to locked_pages before
        // locking it; fsync's walk misses it and its fdatawait puts it back on dirty_pages.
        // Its kswapd meets a dirty page first and takes generic_vm_writeback's igrab under its lock
        // (see background-vs-reclaim-truncate's 2.5.31 row), which the search finds in 3 steps;
        // the io_pages race above is there behind it.
        new(Zones.DirectReclaimWriterVsFsync.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.SafetyMonitor, ReclaimInodeReference.Name, VmWritebackFix)
        {
            FixedBetweenEras = true,
            Or = new(BugKind.SafetyMonitor, IntegrityMonitor.Name,
                "stop-using-io-pages (-mm series that replaced the page lists with tags, 2.6.5-rc1-mm2; mainline 2.6.6; inferred)"),
        },
        // The writer's reclaim on a congested queue (congested-queue-reclaim) frees a page whose
        // writeback the flusher's or the writer's own I/O has just ended, before
        // end_page_writeback's wake-up reaches it: the same use-after-free (4.20 and 5.0: kswapd's
        // batch frees it).
        new(Zones.CongestedQueueReclaim.ScenarioName, KernelEra.V4_13, KernelEra.V6_9, BugKind.SafetyMonitor, UseAfterFree.Name, UafFix) { FixedBetweenEras = true },
        // Page tables (docs/page-tables.md). A store during the I/O changes the data a device
        // that needs stable pages is writing: in 2.5 nothing write-protects a shared pte; from
        // 2.6.19 writeback does (page_mkclean), but the write fault makes it writable again at
        // once. The waits came with d76ee18a8551 (3.0 [R]) for block_page_mkwrite, and reach a
        // generic_file_mmap filesystem through filemap_page_mkwrite, which waits with
        // wait_for_stable_page (1d1d1a767206, 3.9, read): both before 3.19.
        new(MmapStoreVsWriteback.ScenarioName, KernelEra.V2_5, KernelEra.V3_19, BugKind.SafetyMonitor, StablePages.Name,
            "1d1d1a767206 (\"mm: only enforce stable page writes if the backing device requires it\", 3.9: wait_for_stable_page wherever a page is made writable), after d76ee18a8551 (\"fs: block_page_mkwrite should wait for writeback to finish\", 3.0 [R]) and filemap_page_mkwrite in generic_file_vm_ops [R]") { FixedBetweenEras = true },
        // The list era's shared io_pages again: the flusher parks the page msync's fsync has
        // just spliced, redirtied by msync's filemap_sync while under I/O (inferred, as above).
        new(PageMkwriteVsWriteback.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.SafetyMonitor, IntegrityMonitor.Name,
            "stop-using-io-pages (-mm series that replaced the page lists with tags, 2.6.5-rc1-mm2; mainline 2.6.6; inferred)"),
        // The write fault installs its writable pte between page_mkclean and TestClearPageDirty
        // and dirties the page before the flag is cleared: msync then writes nothing.
        new(PageMkwriteVsWriteback.ScenarioName, KernelEra.V2_6_20, KernelEra.V2_6_29, BugKind.SafetyMonitor, IntegrityMonitor.Name,
            "79352894b285 (\"mm: fix clear_page_dirty_for_io vs fault race\", 2.6.22)") { FixedBetweenEras = true },
        // ext4's partial page: before set_page_writeback_keepwrite (3.16, inside the 2.6.36
        // era's span) starting writeback on the redirtied page dropped TOWRITE, and the
        // integrity walk over the pages still tagged missed the rest of it. Without TOWRITE
        // (before 2.6.36) that walk is over DIRTY and finds the page.
        new(RealFsWriteback.ClusterPartialName, KernelEra.V2_6_36, KernelEra.V3_19, BugKind.SafetyMonitor, IntegrityMonitor.Name,
            "1c8349a17137 (\"ext4: fix data integrity sync in ordered mode\", 3.16)") { FixedBetweenEras = true },
        // The shared io_pages again: the flusher has moved a page to locked_pages and not yet
        // locked it when fsync splices and walks; fsync's walk never sees it and its fdatawait
        // puts it back on dirty_pages without waiting. Nothing to do with declining (inferred).
        // 2.5.31's direct reclaim meets a dirty page and takes generic_vm_writeback's igrab under
        // its lock first (see background-vs-reclaim-truncate's 2.5.31 row); the io_pages race is
        // there behind it.
        new(RealFsWriteback.DeclineName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.SafetyMonitor, ReclaimInodeReference.Name, VmWritebackFix)
        {
            FixedBetweenEras = true,
            Or = new(BugKind.SafetyMonitor, IntegrityMonitor.Name,
                "stop-using-io-pages (-mm series that replaced the page lists with tags, 2.6.5-rc1-mm2; mainline 2.6.6; inferred)"),
        },
        // 2.6.0's filemap_fdatawait already test-and-cleared AS_EIO: the first to look is told.
        new(IoErrorThenFsync.ScenarioName, KernelEra.V2_5, KernelEra.V4_13, BugKind.SafetyMonitor, IoErrorThenFsync.Invariant,
            "5660e13d2fd6 (\"fs: new infrastructure for writeback error handling and reporting\", 4.13)"),
        new(IoErrorThenFsync.ScenarioName, KernelEra.V4_13, KernelEra.V4_17, BugKind.SafetyMonitor, IoErrorThenFsync.Invariant,
            "b4678df184b3 (\"errseq: Always report a writeback error once\", 4.17)"),

        // sync(2)'s integrity wait test-and-cleared AS_EIO before filemap_fdatawait_keep_errors
        // (4.5; the model's 4.13 era, KernelEras.GlobalSyncKeepsErrors): a sync between
        // the failed write and the fsync took the error, and the fsync returned 0.
        new(IoErrorSyncThenFsync.ScenarioName, KernelEra.V2_5, KernelEra.V4_13, BugKind.SafetyMonitor, IoErrorSyncThenFsync.Invariant,
            "aa750fd71c24 (\"mm/filemap.c: make global sync not clear error status of individual inodes\", Junichi Nomura, filemap_fdatawait_keep_errors; 4.5: in the mm merge of the 4.5 window [V], id [R])") { FixedBetweenEras = true },

        // From 3.1 sync's work walks what b_io holds before it queues, and background writeout
        // (stepping aside, aa373cf55099) may leave there a file whose ->writepage fails: a walk of
        // it without progress, b_more_io empty, ends the loop before it queues the file sync was
        // for. Progress: until 3fa750dcf29e an error ends write_cache_pages before nr_to_write is
        // counted down, so none; from 5.0 the page counts (skipped pages are progress until
        // 68f4c6eba70d), and from the 6.9 era it does not again. 3.19 and 4.13 hold: sync's
        // wake-up is a work queued ahead of its own and walks b_io first (until WB_start_all,
        // 4.15). From 2.6.32 to 3.1 every walk of sync's work queued (2.6.36 holds).
        // (The kernel's case: another superblock's inodes, which the model does not have.)
        // Before 2.6.32 sync(2) walks on its own thread and each of its walks refills s_io, so the
        // file left there cannot end it; but sync's first pass holds the third file on s_dirty,
        // written and clean (WB_SYNC_HOLD, the 2.5 design), and background writeout's walk takes it
        // off the lists, so the WB_SYNC_ALL pass, which waits only on the inodes it finds there,
        // returns before its page is on the disk. From 2.6.29 the pass is WB_SYNC_NONE and the
        // WB_SYNC_ALL pass waits on every inode with pages: a fix of its own in the release the
        // write_cache_pages series ended the 2.6.20 era in, so the row names it.
        new(SyncVsBackgroundBIo.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_29, BugKind.SafetyMonitor, SyncVsBackgroundBIo.Invariant,
            "38f219776631 (\"fs: sync_sb_inodes fix\", Nick Piggin, 2.6.29, id recalled; after 4f5a99d64c17 \"fs: remove WB_SYNC_HOLD\"): sync's WB_SYNC_ALL pass waits on every inode of s_inodes") { FixedBetweenEras = true },
        new(SyncVsBackgroundBIo.ScenarioName, KernelEra.V4_17, KernelEra.V5_0, BugKind.SafetyMonitor, SyncVsBackgroundBIo.Invariant,
            "3fa750dcf29e (\"mm/page-writeback.c: don't break integrity writeback on ->writepage() error\", 5.0: the failed page is counted, and a skipped page was progress until 68f4c6eba70d)"),
        new(SyncVsBackgroundBIo.ScenarioName, KernelEra.V6_9, KernelEra.V6_10, BugKind.SafetyMonitor, SyncVsBackgroundBIo.Invariant,
            "d92109891f21 (\"fs/writeback: bail out if there is no more inodes for IO and queued once\", 6.10)"),

        // From 4.2 sync's work is split over the wbs; until 7fc5854f8c6e an inode could change wb
        // after the split, from a wb whose copy had not walked it to one whose copy had run or that
        // had none, and sync(2) returned with its pages dirty. From 5.0 sync holds wb_switch_rwsem
        // for writing over its works and the switch work waits for it.
        new(CgwbSyncVsSwitch.ScenarioName, KernelEra.V4_13, KernelEra.V5_0, BugKind.SafetyMonitor, SyncOwedPages.Invariant,
            "7fc5854f8c6e (\"writeback: synchronize sync(2) against cgroup writeback membership switches\", Tejun Heo, bdi->wb_switch_rwsem; 5.0: Sasha Levin's AUTOSEL mails of 14 Feb 2019 take it back to 4.20 and 4.19 [V])") { FixedBetweenEras = true },

        // Before 4.12 do_writepages returned a data-integrity -ENOMEM to fsync (2.5 and 2.6.20
        // turn it into AS_EIO on the way, so fsync says -EIO); the page stays dirty, so no write
        // is lost by the model's invariants; the scenario's own check is what the fix is about.
        new(FsyncEnomemRetry.ScenarioName, KernelEra.V2_5, KernelEra.V4_13, BugKind.SafetyMonitor, FsyncEnomemRetry.Invariant,
            "80a2ea9f8585 (\"mm: retry writepages() on ENOMEM when doing an data integrity writeback\", 4.12)") { FixedBetweenEras = true },

        // A strictlimit disk's share is 0 before its first completion, so its dirtier is throttled
        // at its first look and pauses; a bandwidth interval later 3.18's loop runs
        // bdi_update_dirty_ratelimit, whose shift by dirty_ratelimit / (2 * step + 1) is 64 or
        // more when no step is due: undefined (the throttle property's 3.19 cell, docs/throttle.md),
        // the kernel's own arithmetic fault, not the model's crash (docs/eras.md section 72).
        new(StrictlimitDirtierVsFsync.ScenarioName, KernelEra.V3_19, KernelEra.V4_13, BugKind.KernelArithmetic, "bdi_update_dirty_ratelimit",
            "d59b1087a98e (\"mm/page-writeback: fix dirty_ratelimit calculation\", 4.6)") { FixedBetweenEras = true },

        // A fault on a missing pte against truncate (docs/page-tables.md, "The fault's page lock").
        // 2.5.31's do_no_page maps what filemap_nopage found with no page lock and nothing
        // re-checked: a page truncate took out of the file meanwhile is mapped, and a store
        // lands in a page of no file (the race McCracken and Morton found in May 2003). Fixed by
        // truncate_count, re-read under the pte lock (pre-git); d00806b18315 (2.6.23) replaced it
        // with the page lock, for invalidation inside i_size, which truncate_count had left open
        // (the properties' hole-punch cells of 2.6.20). From 2.6.20 each era's protocol keeps a
        // truncated page out: holds.
        new(FaultVsTruncate.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.ModelAssertion, FaultVsTruncate.Invariant, TruncateCountFix) { FixedBetweenEras = true },
        new(StoreToMissingPteVsTruncate.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20, BugKind.ModelAssertion, FaultVsTruncate.Invariant, TruncateCountFix) { FixedBetweenEras = true },
        // The store's fault with write access dirties the page after unlocking it
        // (set_page_dirty_balance, do_no_page and then __do_fault): truncate cancels its
        // dirtiness and removes it first, and the fault's accounting lands on a page of no file
        // (NR_FILE_DIRTY off by one), or the fault dirties it in truncate's window and a dirty
        // page leaves the cache. From b827e496c893 (2.6.30, the 2.6.36 era) __do_fault dirties it
        // before unlock_page, with or without ->page_mkwrite; the read-only pte's write fault
        // without one waited for 2d6d7f982846 (3.19, write-fault-vs-truncate).
        new(StoreToMissingPteVsTruncate.ScenarioName, KernelEra.V2_6_20, KernelEra.V2_6_36, BugKind.SafetyMonitor, Accounting.Name, PageMkwriteRacesFix)
        {
            FixedBetweenEras = true,
            Or = new(BugKind.SafetyMonitor, TruncateMonitor.Name, PageMkwriteRacesFix),
        },

        // A read fault reads its page in between the punch's page-cache truncation and the
        // freeing of its blocks: the page is cached over the hole with the blocks' old data
        // until ext4_punch_hole's second truncation (before 4.5), so a read in that window
        // returns it. Nothing held them apart before ext4's i_mmap_sem (ea3d7209ca01, 4.5,
        // inside the 3.19 era: the 4.13 era on holds); the 6.9 era on holds by the mapping's
        // invalidate_lock (730633f0b7f9, 5.15). 2.6.20's truncate_count and 2.6.29's page lock
        // do not help: the page is new, read after truncate_inode_pages_range ended. n/a on
        // 2.5.31, which has no range truncation.
        new(PunchVsFault.ScenarioName, KernelEra.V2_6_20, KernelEra.V4_13, BugKind.SafetyMonitor, PunchVsFault.Invariant, PunchFaultFix) { FixedBetweenEras = true },
        // read(2) reads the page in by readahead between the punch's page-cache truncation and
        // the freeing of its blocks: the same stale page as punch-vs-fault, but nothing held a
        // read off until 730633f0b7f9 (5.15, inside the 5.0 era: the 6.9 era on holds). ext4's
        // i_mmap_sem (4.5 to 5.14) was taken by the fault and the punch, never by read(2), so
        // the 4.13 to 5.0 cells fail too, the page staying after the punch returns (no second
        // truncation after ea3d7209ca01). n/a on 2.5.31, as punch-vs-fault.
        new(PunchVsFault.ReadName, KernelEra.V2_6_20, KernelEra.V6_9, BugKind.SafetyMonitor, PunchVsFault.Invariant, PunchReadFix) { FixedBetweenEras = true },
        // A store's fault on a hole reads the page in and its ->page_mkwrite (ext4_page_mkwrite's
        // block_page_mkwrite) allocates the block, between the punch's page-cache truncation and
        // ext4_ext_remove_space, which frees that block under the dirty page: writeback would
        // write it into free space. Nothing held them apart before ext4's i_mmap_sem
        // (ea3d7209ca01, 4.5, inside the 3.19 era), taken by ext4_filemap_fault around the read-in
        // and by ext4_page_mkwrite around the allocation; the invalidate_lock from 5.15. n/a on
        // 2.5.31, as punch-vs-fault.
        // On 2.6.20 a schedule may show instead what truncate_count leaves open inside i_size:
        // the fault reads truncate_count after the punch's unmap_mapping_range, finds the page
        // the punch's truncate_inode_pages_range then removes, and maps it; the store, tried
        // again, meets a pte of a page of no file (fault-vs-truncate's assertion), fixed by
        // d00806b18315's page lock (2.6.23). The row ends at 2.6.29 for that second face only:
        // its own fix, ea3d7209ca01, is not the change that ended the 2.6.20 era.
        new(PunchVsFault.StoreName, KernelEra.V2_6_20, KernelEra.V2_6_29, BugKind.SafetyMonitor, FreedBlockMapped.Name, PunchStoreFaultFix)
        {
            FixedBetweenEras = true,
            Or = new(BugKind.ModelAssertion, FaultVsTruncate.Invariant, FaultInvalidateFix),
        },
        new(PunchVsFault.StoreName, KernelEra.V2_6_29, KernelEra.V4_13, BugKind.SafetyMonitor, FreedBlockMapped.Name, PunchStoreFaultFix) { FixedBetweenEras = true },
        // A filesystem's own ->page_mkwrite, block_page_mkwrite's shape (docs/eras.md section
        // 113). It dirties the page under its lock, but before b827e496c893 returns it unlocked,
        // and do_wp_page makes the pte writable and dirties the page again with no lock, as a
        // filesystem without one does: truncate cancels the page's dirtiness and removes it
        // between, and the fault's set_page_dirty lands on a page of no file (a dirty page leaves
        // the cache, or NR_FILE_DIRTY off by one). From b827e496c893 (2.6.30, the 2.6.36 era)
        // do_wp_page keeps the page locked from ->page_mkwrite until it has dirtied it: holds,
        // where write-fault-vs-truncate (no ->page_mkwrite) waits for 2d6d7f982846 (3.19).
        new(WriteFaultVsTruncate.BlockPageMkwriteName, KernelEra.V2_6_20, KernelEra.V2_6_36, BugKind.SafetyMonitor, TruncateMonitor.Name, PageMkwriteLockedFix)
        {
            FixedBetweenEras = true,
            Or = new(BugKind.SafetyMonitor, Accounting.Name, PageMkwriteLockedFix),
        },
        // The same filesystem against a writeback pass: the page starts clean behind a read-only
        // pte, ->page_mkwrite dirties it and unlocks it, the flusher locks it and write-protects
        // the (still read-only) pte, the fault installs its writable pte and finds the page
        // already dirty, the flusher clears PG_dirty and writes the page, and the store lands
        // after: a clean page with a dirty pte, which msync's fsync does not write. The fault's
        // wait for the page lock (79352894b285, 2.6.22) closes it; b827e496c893's unlocked window
        // (2.6.29) loses nothing: the fault's own set_page_dirty, after that wait, redirties the
        // page (proved to the end, every preemption bound, docs/eras.md section 113).
        new(PageMkwriteVsWriteback.BlockPageMkwriteName, KernelEra.V2_6_20, KernelEra.V2_6_29, BugKind.SafetyMonitor, IntegrityMonitor.Name,
            "79352894b285 (\"mm: fix clear_page_dirty_for_io vs fault race\", 2.6.22)") { FixedBetweenEras = true },

        // partial-truncate-vs-writeback has no row: it holds on every era. Each waits for the
        // partial page's writeback before zeroing its tail (2.6.20 to 3.10 wait_on_page_writeback
        // before truncate_partial_page, 3.11 the partial_start block, 6.x
        // truncate_inode_partial_folio's folio_wait_writeback; read), and every ->writepage
        // zeroes the straddling page's tail on each write (docs/truncate-and-page-lifetime.md).
        // block-truncate-vs-writeback has no row either: every era's block_truncate_page zeroes
        // and dirties the block holding EOF, before i_size changes from 2.6.36, after the
        // page-cache truncate before (same doc).
    ];

    /// <summary>
    /// The cells that do not apply: scenarios that cannot run on an era, and invariants with
    /// nothing to check there. A scenario or invariant listed here for an era is not run there.
    /// </summary>
    public static IReadOnlyList<NotApplicableCell> NotApplicable { get; } =
    [
        new(TagFlagCoherence.Name, KernelEra.V2_5, KernelEra.V2_6_20,
            "no page-tree tags before 2.6.6 (DIRTY, WRITEBACK, TOWRITE alike): pages sit on the mapping's clean/dirty/locked/io lists, checked by list/flag coherence instead"),
        new(ListFlagCoherence.Name, KernelEra.V2_6_20, null,
            "no page lists from 2.6.6: radix-tree tags replaced them, checked by tag/flag coherence instead"),
        new(BioRedirty.RedirtyNoIoPagesName, KernelEra.V2_6_20, null,
            "takes away io_pages, which only the list era has"),
        new(BioRedirty.FastDirtierName, KernelEra.V2_6_20, null,
            "a race of the list walk; a tag walk meets its fast dirtier in fsync-vs-dirtier"),
        new(BioRedirty.FastDirtierNoIoPagesName, KernelEra.V2_6_20, null,
            "takes away io_pages, which only the list era has"),
        new(StrictlimitDirtierVsFsync.ScenarioName, KernelEra.V2_5, KernelEra.V3_19,
            "no strictlimit before 3.12 (5a53748568f7); the model's 2.6 eras run 2.6.20's or the per-device throttle, which have none"),
        new(PunchVsFault.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20,
            "no range truncation before truncate_inode_pages_range (in -mm by 2.6.11-rc3-mm1, merged by 2.6.16): the list era truncates only from an offset to the end of the file, so no hole punch"),
        new(PunchVsFault.ReadName, KernelEra.V2_5, KernelEra.V2_6_20,
            "no range truncation before truncate_inode_pages_range (in -mm by 2.6.11-rc3-mm1, merged by 2.6.16): the list era truncates only from an offset to the end of the file, so no hole punch"),
        new(PunchVsFault.StoreName, KernelEra.V2_5, KernelEra.V2_6_20,
            "no range truncation before truncate_inode_pages_range (in -mm by 2.6.11-rc3-mm1, merged by 2.6.16): the list era truncates only from an offset to the end of the file, so no hole punch"),
        new(WriteFaultVsTruncate.BlockPageMkwriteName, KernelEra.V2_5, KernelEra.V2_6_20,
            "no ->page_mkwrite before 9637a5efd4fb (2.6.18): the list era's filesystems have no method to fill in, and no write fault on a shared page"),
        new(PageMkwriteVsWriteback.BlockPageMkwriteName, KernelEra.V2_5, KernelEra.V2_6_20,
            "no ->page_mkwrite before 9637a5efd4fb (2.6.18): the list era's filesystems have no method to fill in, and no write fault on a shared page"),
        new(RealFsWriteback.ClusterPartialName, KernelEra.V2_5, KernelEra.V2_6_20,
            "the filesystem finds a page it wrote in part again by its tag, and the list era has no page-tree tags (nor a filesystem that delays allocation)"),
        new(CgwbDirtierVsFlusher.ScenarioName, KernelEra.V2_5, KernelEra.V4_13,
            "cgroup writeback (a bdi_writeback, and a flusher, per memcg) is 4.2's; the model has it from the 4.13 era, whose running throttle is 4.2's loop over a dirty_throttle_control"),
        new(CgwbSwitchVsDirtier.ScenarioName, KernelEra.V2_5, KernelEra.V4_13,
            "inode_switch_wbs and the unlocked_inode_to_wb transaction are cgroup writeback's (4.2, 4.6); the model has cgroup writeback from the 4.13 era"),
        new(CgwbForeignVote.ScenarioName, KernelEra.V2_5, KernelEra.V4_13,
            "foreign inode detection (wbc_account_io and wbc_detach_inode's vote, 2a81490811d0) is cgroup writeback's (4.2); the model has cgroup writeback from the 4.13 era"),
        new(CgwbOfflineVsWriteback.ScenarioName, KernelEra.V2_5, KernelEra.V4_13,
            "a memcg's wb, and so its dying wb, is cgroup writeback's (4.2); the model has cgroup writeback from the 4.13 era"),
        new(CgwbOfflineVsWriteback.ScenarioName, KernelEra.V4_13, KernelEra.V6_9,
            "no cleanup of a dying wb before c22d70a162d3 (5.14): an offline memcg's inodes stay on its wb until foreign detection moves them"),
        new(CgwbSyncVsSwitch.ScenarioName, KernelEra.V2_5, KernelEra.V4_13,
            "sync's work split over a bdi's wbs (bdi_split_work_to_wbs) and inode_switch_wbs are cgroup writeback's (4.2); the model has cgroup writeback from the 4.13 era"),
        new(Zones.CongestedQueueReclaim.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_20,
            "no queue congestion before akpm's \"infrastructure for monitoring request queue congestion\" (against 2.5.34, September 2002): 2.5.31's shrink_cache writes every dirty page it may, with no queue to ask"),
        new(Zones.CongestedQueueReclaim.ScenarioName, KernelEra.V6_9, null,
            "reclaim reads no queue congestion (blk-mq set none; 8cd7c588decf, 5.16, took wait_iff_congested out of reclaim): the mark counts only a page kswapd meets again under writeback, which ReclaimCongestedTests reach; a kswapd batch here makes the search of the cell too large (over a million schedules)"),
        new(Memcg.MemcgReclaimWritebackWait.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_29,
            "no memory controller, so no memcg limit or limit reclaim, before 2.6.25 (8cdea7c05454); the model has it from the 2.6.29 era"),
        new(FlusherWaitVsFinalIput.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_36,
            "no per-disk flusher before 03ba3782e8dc (2.6.32): pdflush's background_writeout (and 2.5.31's) ended a pass that wrote nothing in congestion_wait or at once, waiting on no inode; the wait on the tail of b_more_io is wb_writeback's"),
        new(Zones.JournalledWriterVsFsync.ScenarioName, KernelEra.V2_5, KernelEra.V2_6_29,
            "no ->write_begin before afddba49d18f (2.6.24): the generic write allocated the page (__grab_cache_page) before ->prepare_write, so a filesystem never allocated it under its own lock; the model has write_begin from the 2.6.29 era"),
    ];

    /// <summary>The bug expected of <paramref name="scenario"/> on <paramref name="era"/>, or null where it holds or does not apply.</summary>
    public static ExpectedBug? For(string scenario, KernelEra era) => Bugs.FirstOrDefault(b => b.Covers(scenario, era));

    /// <summary>Why <paramref name="subject"/> (a scenario or an invariant) does not apply to <paramref name="era"/>, or null when it does.</summary>
    public static NotApplicableCell? NotApplicableTo(string subject, KernelEra era) => NotApplicable.FirstOrDefault(n => n.Covers(subject, era));
}
