using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Mpage;
using Wbcheck.Properties.Nodes;
using Wbcheck.Properties.Throttle;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Differential;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Matrix;

/// <summary>
/// The era dimension of the properties: each era-aware property, what it states, the cases a
/// cell checks, and on which eras it is expected to fail, with the kernel changes those eras
/// lack. Every era not listed is expected to hold. The expectations were measured, not only
/// predicted: each listed failure was found in every one of 20 runs of the cell's budget with
/// fresh seeds (a race behind a failure is named in its text with the share of 1000-case runs
/// that find it; the budget is set so that a run misses it with odds under 1%), and each
/// holding cell held in all of them. Ids marked "recalled" in a text are from memory, not checked
/// (docs/eras.md keeps the evidence).
/// </summary>
public static class EraPropertyCatalog
{
    private static readonly KernelCommit IntegrityFix = Commit(KernelEra.V2_6_20);
    private static readonly KernelCommit Towrite = Commit(KernelEra.V2_6_29);
    private static readonly KernelCommit DirtierLocks = Commit(KernelEra.V2_6_36);
    private static readonly KernelCommit Errseq = Commit(KernelEra.V3_19);
    private static readonly KernelCommit NoWrap = Commit(KernelEra.V4_17);
    private static readonly KernelCommit IntegrityGoesOn = Commit(KernelEra.V4_20);
    private static readonly KernelCommit ResumeAfter = Commit(KernelEra.V5_0);

    /// <summary>Inside the 5.0 era (5.10, stable 5.8+), not the change that ended one.</summary>
    private static readonly KernelCommit EndWritebackReference = new("073861ed77b6", "mm: fix VM_BUG_ON(PageTail) and BUG_ON(PageWriteback)", "5.10");

    /// <summary>
    /// Not the end of a model era: a fix inside the 2.6.36 era's span (3.5), which the model's 3.19
    /// has: wb_writeback's wait on the tail of b_more_io no longer touches the inode once woken.
    /// </summary>
    private static readonly KernelCommit FlusherWaitNoTouch = new("169ebd90131b", "writeback: Avoid iput() from flusher thread", "3.5");

    /// <summary>Not the end of a model era: a fix inside the 2.6.36 era's span (3.16), which the model's 3.19 has.</summary>
    private static readonly KernelCommit KeepWrite = new("1c8349a17137", "ext4: fix data integrity sync in ordered mode (set_page_writeback_keepwrite)", "3.16");

    /// <summary>
    /// Andrey Ryabinin's fix of bdi_update_dirty_ratelimit's shift, mainline d59b1087a98e [V: a
    /// distribution's backport of it, "Patch-mainline: v4.6-rc1, Git-commit:
    /// d59b1087a98e402ed9a7cc577f4da435f9a555f5"]; 8a4eebc3d718, named here before, is its
    /// backport on an android-3.18 branch (docs/throttle.md, the 3.19 row).
    /// </summary>
    private static readonly KernelCommit DirtyRatelimitFix = new("d59b1087a98e", "mm/page-writeback: fix dirty_ratelimit calculation", "4.6");

    /// <summary>
    /// Inside the 2.6.36 era's span (3.9): wait_for_stable_page at every point that makes a page
    /// writable, the generic write fault's (filemap_page_mkwrite) among them. A buffered write had
    /// waited for every device since 3.0 ("mm: Wait for writeback when grabbing pages to begin a
    /// write", Darrick J. Wong; its id not found: 1d1d1a767206's message dates it, "back to what it
    /// was before 3.0"), so the write(2) half of the race ended there, the store half only here.
    /// </summary>
    private static readonly KernelCommit StablePageWrites = new("1d1d1a767206", "mm: only enforce stable page writes if the backing device requires it", "3.9");

    /// <summary>The list era's end: the page lists replaced by tags, and with them the shared io_pages (2.6.6).</summary>
    private static readonly KernelCommit NoIoPages = Commit(KernelEra.V2_5);

    /// <summary>do_no_page's truncate_count re-check (the era table's fault-vs-truncate row on 2.5.31).</summary>
    private static readonly KernelCommit TruncateCount = new("vmtruncate-race-fix", "do_no_page re-reads truncate_count under the pte lock (posted against 2.5.73-mm1, June 2003 [V]; title recalled)", "2.6.0 [I]") { PreGit = true };

    private const string ListEraFault =
        "2.5.31's fault maps the page it looked up with no page lock and no truncate_count re-check: a truncate removes the page between the lookup and the pte, and the store lands in a page of no file, a kernel BUG in the model (the era table's fault-vs-truncate row); from the matrix's seed a mapped store paused in its fault and a truncate";

    private const string ListEraIoPages =
        "the list era's shared io_pages: a background pass has moved the dirty page to locked_pages and not yet locked it, the fsync's walk finds io_pages empty, its fdatawait finds the page on locked_pages not under writeback and puts it back on dirty_pages, and the fsync returns 0 (the era table's direct-reclaim-writer-vs-fsync and page-mkwrite-vs-writeback rows on 2.5.31; inferred from 2.5.31/2.6.0 text read in part)";

    /// <summary>
    /// The budget of a 2.5.31 cell expected to fail: over 10 fresh seeds (101-110) each race was
    /// found within 156 to 934 cases, the budget row's (whose mix dirties through mappings least)
    /// within 166 to 2,721; a failing cell stops at its find, so the margin costs the matrix's
    /// seed nothing.
    /// </summary>
    private const int ListEraCases = 10_000;

    /// <summary>Why the throttle rows do not run on the list era.</summary>
    private const string ListEraThrottle =
        "the model's list era runs 2.6.20's balance_dirty_pages and throttle arithmetic, not 2.5.31's own (docs/eras.md section 28): a cell would check 2.6.20's code again";

    private const string UnlockedFault =
        "do_wp_page dirties a mapped page with no lock held, so truncation or writeback can act between PG_dirty and the tag and count set under the tree lock";

    /// <summary>Inside the 2.6.29 era's span (2.6.23): the fault on a missing pte holds the page lock.</summary>
    private static readonly KernelCommit FaultLocksPage = new("d00806b18315", "mm: fix fault vs invalidate race for linear mappings", "2.6.23");

    private const string FaultVsPunch =
        "do_no_page holds no page lock and its truncate_count re-check misses an invalidation inside i_size (\"the locking protocol fails in the case where we would like to invalidate pagecache inside i_size\"): a fault that looks the page up after the punch's unmap_mapping_range (the count it compares does not move again) maps it before truncate_inode_pages_range removes it, and the store lands in a page of no file, caught by the store's check of its pte (the kernel mapped such a page silently, its data lost); 2.6.20 reached it through MADV_REMOVE and invalidate_inode_pages2, the model through its hole punch";

    /// <summary>
    /// The 2.6.20 rows whose cases meet both fault races: the era has neither d00806b18315 (the
    /// fault on a missing pte locks its page) nor 2d6d7f982846 (every dirtying fault holds the page
    /// lock), and each alone breaks the property. A row names both commits; its text says which
    /// race the runs met first.
    /// </summary>
    private const string TwoRaces =
        "two races: the fault-vs-punch race of d00806b18315 (do_no_page holds no page lock and its truncate_count re-check misses a punch inside i_size, so the store lands in a page of no file, a kernel BUG in the model) and the unlocked dirtying of 2d6d7f982846 (" + UnlockedFault + ")";

    /// <summary>
    /// The era's kernel writes past a spent nr_to_write: the budget property's row expects it to
    /// fail there. Any other property notes the overshoot and is decided by its own invariants
    /// (<see cref="WorldOptions.BudgetOvershootIsKernelBehaviour"/>), so an era that regained the
    /// overshoot needs only the budget row. The list era's walk stops at nr_to_write (2.5.31's
    /// mpage_writepages sets done once it runs out, and its loop tests done before each page
    /// [R]): its budget row's failure is the unlocked fault, not an overshoot, so no overshoot is
    /// excused there.
    /// </summary>
    public static bool BudgetOvershootIsKernelBehaviour(KernelEra era) =>
        era.HasPageTags() && All.Single(p => p.Name == WritebackBudget.Name).ExpectedOn(era) is not null;

    public static IReadOnlyList<EraProperty> All { get; } =
    [
        // The race on 2.6.29 and 2.6.36 is rare in the generated cases: since the fault runs on
        // the page tables (only a write fault on a write-protected pte dirties with no lock) and
        // reclaim keeps pages a pte referenced, it needs a case of many commands. Past the size
        // ramp's 5,000 cases (EraProperty.SizeRamp) every case is of the largest size: from the
        // matrix's seed 2.6.20, 2.6.29 and 2.6.36 fail after 952, 31,171 and 113,522 cases with
        // model 15 (9 s and 26 s of CPU for the last two). 20 fresh seeds (101-120) each on model
        // 15: 2.6.29 4,728-27,230 cases (mean 13,756), 2.6.36 5,644-171,405 (mean 68,896), so a
        // 300,000-case budget would miss 2.6.36's race about 1.3% of the time (exp(-300,000/68,896));
        // 500,000 keeps that under 0.1%, and costs the matrix nothing (its seed stops at the find).
        new(TagFlagCoherence.Name,
            "after every step, every unlocked cached page has PG_dirty iff the DIRTY tag, PG_writeback iff the WRITEBACK tag, and TOWRITE only with DIRTY or writeback",
            5000,
            [
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [FaultLocksPage, DirtierLocks],
                    $"{TwoRaces}: every one of 20 fresh seeds (101-120) meets the first, within 352 to 1,790 cases; with d00806b18315's locking put into 2.6.20 the second shows, a DIRTY tag on a clean page (31,171 cases from the matrix's seed)",
                    500_000),
                new(KernelEra.V2_6_29, KernelEra.V3_19, [DirtierLocks],
                    $"{UnlockedFault}: writeback cleans the page in between and the fault then tags it DIRTY, a DIRTY tag on a clean page; a rare race in 2.6.29 and 2.6.36, which wait for the page lock first: from the matrix's seed found after 31,171 and 113,522 cases, over 20 fresh seeds each after at most 171,405",
                    500_000),
            ],
            era => WritebackProperties.TagFlagCoherence(era)),
        new(Accounting.Name,
            "after every step, NR_FILE_DIRTY and NR_WRITEBACK equal the cached pages dirty and under writeback",
            2000,
            [
                new(KernelEra.V2_5, KernelEra.V2_6_20, [TruncateCount], ListEraFault, ListEraCases),
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [FaultLocksPage, DirtierLocks],
                    $"{TwoRaces}: of 20 fresh seeds (101-120), 15 met the first and 5 the second (NR_FILE_DIRTY at -1, or at 1 with the page removed dirty), within 352 to 1,697 cases; with d00806b18315's locking put into 2.6.20 only the second shows (NR_FILE_DIRTY at -1 after 1,407 cases from the matrix's seed)",
                    100_000),
                new(KernelEra.V2_6_29, KernelEra.V3_19, [DirtierLocks],
                    $"{UnlockedFault}: truncate cancels a dirtying not yet counted and NR_FILE_DIRTY goes to -1; since the fault runs on the page tables a rarer race on 2.6.29 and 2.6.36 (the fault waits for the page lock first), found after 1,407 cases from the matrix's seed",
                    100_000),
            ],
            era => WritebackProperties.Accounting(era)) { NotOnListEra = null },
        new(NoSilentClean.Name,
            "after every step, every unlocked cached page inside i_size whose data is newer than the disk's is dirty, under writeback or dirty through a pte",
            1000,
            [
                new(KernelEra.V2_5, KernelEra.V2_6_20, [TruncateCount], ListEraFault, ListEraCases),
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [FaultLocksPage], FaultVsPunch),
            ],
            era => WritebackProperties.NoSilentClean(era)) { NotOnListEra = null },
        new(IntegrityMonitor.Name,
            "an fsync that returns 0 leaves every page of its range that was dirty when it began on disk at that version or newer, unless truncated meanwhile",
            2000,
            [
                new(KernelEra.V2_5, KernelEra.V2_6_20, [NoIoPages], ListEraIoPages, ListEraCases),
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [IntegrityFix, FaultLocksPage, DirtierLocks, Errseq],
                    $"{UnlockedFault}: a second store returns while the page is dirty but not yet tagged, and an fsync walking the tags misses it; fsync also stops at nr_to_write (nrpages*2), and of two fsyncs only one is told of an I/O error; and the fault-vs-punch race of d00806b18315 (do_no_page maps a page a hole punch is removing, the store lands in a page of no file): of 20 fresh seeds (101-120), 11 found an fsync that returned 0 with data lost and 9 met the fault-vs-punch race first, within 403 to 943 cases"),
                new(KernelEra.V2_6_29, KernelEra.V3_19, [DirtierLocks, Errseq],
                    $"{UnlockedFault}: a second store returns while the page is dirty but not yet tagged, and an fsync walking the tags misses it; of two fsyncs only one is told of an I/O error (AS_EIO is test-and-cleared)"),
                new(KernelEra.V3_19, KernelEra.V4_13, [Errseq],
                    "two fsyncs wait on one failed write: the first consumes PG_error and AS_EIO and returns -EIO, the second returns 0 with the page's data lost"),
            ],
            era => WritebackProperties.NoLostDirtyData(era)) { NotOnListEra = null },
        new(LockOrderMonitor.Name,
            "one writeback pass locks pages in strictly ascending index order, never wrapping back",
            1000,
            [
                new(KernelEra.V2_6_29, KernelEra.V4_20, [NoWrap],
                    "a range_cyclic pass that started past 0 wraps back to index 0 after locking pages above: one writeback_index and two dirty pages show it"),
            ],
            era => WritebackProperties.AscendingLockOrder(era)) { NotOnListEra = "the list era's walk locks pages in io_pages' order, not index order, by design: ascending order is the contract of the walks over the page tree" },
        new(TruncateMonitor.Name,
            "truncate leaves no page (and so no tag) in its range; no page leaves the cache dirty or under writeback, or is freed locked or under writeback; no page that left its file is written",
            4000,
            [
                new(KernelEra.V2_5, KernelEra.V2_6_20, [TruncateCount], ListEraFault, ListEraCases),
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [FaultLocksPage, DirtierLocks],
                    $"{TwoRaces}: of 20 fresh seeds (101-120), 17 met the second (a page removed dirty) and 3 the first, within 243 to 1,264 cases; with d00806b18315's locking put into 2.6.20 only the second shows (a page removed dirty after 3,448 cases from the matrix's seed)",
                    100_000),
                new(KernelEra.V2_6_29, KernelEra.V3_19, [DirtierLocks],
                    $"{UnlockedFault}: truncate cancels the dirty bit, the fault sets it again, and the page is removed dirty, its data lost without a word: 2.6.20's __remove_from_page_cache leaves NR_FILE_DIRTY counting it, from 2.6.24 (3a6927906f1b) it uncounts it silently, and only 4.1 (b9ea25152e56) warns; a rare race since the fault runs on the page tables (truncate zaps its pte first, and the fault must be past its pte re-check): from the matrix's seed it fails after 3,448 (2.6.29) and 5,891 (2.6.36) cases",
                    100_000),
            ],
            era => WritebackProperties.TruncateAndReclaimSafety(era)) { NotOnListEra = null },
        new(UseAfterFree.Name,
            "no page is touched after its last reference was dropped, nor after the allocator gave it to another file, through a reference kept from before; I/O completions run a step at a time",
            1000,
            [
                new(KernelEra.V2_5, KernelEra.V2_6_20, [TruncateCount], ListEraFault, ListEraCases),
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [FaultLocksPage], FaultVsPunch),
                new(KernelEra.V4_13, KernelEra.V6_9, [EndWritebackReference],
                    "writeback holds no page reference and from 4.10 the wake-up after PG_writeback clears writes the page's flags: truncate, a punch or reclaim frees the page in between and the wake-up touches it"),
            ],
            era => WritebackProperties.NoUseAfterFree(era)) { NotOnListEra = null },
        new(WritebackProperties.NrToWriteName,
            "a pass over a range hands ->writepage exactly the pages its contract says, in order: WB_SYNC_NONE stops when nr_to_write runs out, WB_SYNC_ALL does not; nr_to_write counts every page handed over",
            1000,
            [
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [IntegrityFix],
                    "generic_writepages writes the rest of the pagevec after nr_to_write runs out, and stops WB_SYNC_ALL at nr_to_write too (the loop termination fix of the same 2.6.29 series, bd19e012f6fd, is recalled)"),
                new(KernelEra.V4_20, KernelEra.V6_9, [EndWritebackReference],
                    "the use-after-free of the no-use-after-free row: kswapd meets the page it marked under writeback again with the node flagged as writing back and waits in congestion_wait (3.11's stall) while the I/O completes, and a truncate frees the page between its PG_writeback clearing and the wake-up; found from the matrix's seed on 4.20 and 5.0, not within its 1,000 cases on 4.13 and 4.17, which have the same bug"),
            ],
            era => WritebackProperties.NrToWriteBoundsOnlyBackground(era)),
        new(WritebackProperties.ErrorsName,
            "a pass over a range: WB_SYNC_NONE stops at the first ->writepage error and returns it; WB_SYNC_ALL writes every other page and returns the first error",
            1000,
            [
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [IntegrityGoesOn],
                    "generic_writepages lets a later page of the pagevec overwrite the error, so WB_SYNC_ALL returns 0 after a failed page (fixed in 2.6.29 by 00266770b8b3, recalled); every pass stops at an error"),
                new(KernelEra.V2_6_29, KernelEra.V5_0, [IntegrityGoesOn],
                    "WB_SYNC_ALL stops at the first ->writepage error: the pages after it are not written"),
                new(KernelEra.V5_0, KernelEra.V6_9, [EndWritebackReference],
                    "the use-after-free of the no-use-after-free row: a WB_SYNC_ALL pass that met a transient -ENOMEM waits in do_writepages' retry (congestion_wait, from 4.12) while its first pages' I/O completes, and a truncate, punch or reclaim frees a page between its PG_writeback clearing and the wake-up; found in 10 of 10 seeds tried, within 200 to 502 cases"),
            ],
            era => WritebackProperties.ErrorSemantics(era)),
        new(WritebackProperties.WritebackIndexName,
            "a range_cyclic pass stopped early leaves writeback_index just after the page it wrote last; one that reaches the end leaves 0",
            1000,
            [
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [NoWrap, ResumeAfter],
                    "generic_writepages leaves writeback_index at its lookup cursor: past the end of the file after a whole pass"),
                new(KernelEra.V2_6_29, KernelEra.V4_20, [NoWrap, ResumeAfter],
                    "a pass that reaches the end leaves writeback_index at the last page it looked at, not 0 (and one stopped by nr_to_write at the page it wrote last)"),
                new(KernelEra.V4_20, KernelEra.V6_9, [ResumeAfter],
                    "a pass stopped by nr_to_write leaves writeback_index at the page it wrote last, so the next pass starts there again"),
            ],
            era => WritebackProperties.CyclicResumePoint(era)),
        new(WritebackBudget.Name,
            "with filesystems that write clusters, decline and write pages in part: a WB_SYNC_NONE pass puts no page under writeback once nr_to_write is spent, whether handed over or taken by the filesystem",
            1000,
            [
                new(KernelEra.V2_5, KernelEra.V2_6_20, [TruncateCount], ListEraFault, ListEraCases * 2),
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [IntegrityFix],
                    "generic_writepages goes on through the rest of its pagevec after nr_to_write runs out: two dirty pages and nr_to_write 1 show it, whatever the filesystem"),
            ],
            era => WritebackProperties.WritebackBudget(era)) { NotOnListEra = null },
        new(WritebackProperties.RealFsIntegrityName,
            "with filesystems that write clusters, decline and write pages in part: an fsync that returns 0 leaves every page of its range that was dirty when it began on disk at that version or newer",
            1000,
            [
                new(KernelEra.V2_5, KernelEra.V2_6_20, [NoIoPages], ListEraIoPages, ListEraCases),
                new(KernelEra.V2_6_36, KernelEra.V3_19, [KeepWrite],
                    "a page the filesystem submits in part is redirtied, and set_page_writeback drops its TOWRITE tag: the integrity pass's walk over the pages still tagged misses it, and fsync returns 0 with the rest of the page unwritten (before 2.6.36 that walk is over DIRTY, which finds it)"),
            ],
            era => WritebackProperties.RealFsIntegrity(era)) { NotOnListEra = null },
        new(IteratorDifferential.Name,
            "from the same state, the era's write_cache_pages and a loop over the 6.9 writeback_iter hand ->writepage the same pages in the same order, return the same and leave the same page cache; nr_to_write and writeback_index differ only as 9810325854a3, a02829f011b6 and 5d899d43ed29 changed them",
            1000,
            [
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [IntegrityFix, IntegrityGoesOn],
                    "generic_writepages goes on past an error within the pagevec and returns what the last page gave"),
                new(KernelEra.V2_6_29, KernelEra.V2_6_36, [Towrite, NoWrap, IntegrityGoesOn],
                    "no TOWRITE tagging, cyclic passes wrap, and WB_SYNC_ALL stops at the first error"),
                new(KernelEra.V2_6_36, KernelEra.V4_20, [NoWrap, IntegrityGoesOn],
                    "cyclic passes wrap, and WB_SYNC_ALL stops at the first error"),
                new(KernelEra.V4_20, KernelEra.V5_0, [IntegrityGoesOn],
                    "WB_SYNC_ALL stops at the first error"),
            ],
            era => WritebackProperties.IteratorMatchesWriteCachePages(era)),
        new(EofTailZeroed.Name,
            "files truncated into the middle of a page and stored to past EOF through mappings, with filesystems like real ones half of the time: every write of the page straddling i_size starts with the bytes past the i_size its writer read zeroed, and no write starts wholly past that i_size",
            1000,
            [
                new(KernelEra.V2_5, KernelEra.V2_6_20, [TruncateCount], ListEraFault, ListEraCases),
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [FaultLocksPage], FaultVsPunch),
            ],
            era => WritebackProperties.EofTailZeroedOnEveryWrite(era)) { NotOnListEra = null },
        new(MpageBios.ZeroPastEofName,
            "mpage_writepages over generated files whose i_size may end inside a page: no sector the write-back left on the disk holds a non-zero byte at or past i_size (__mpage_writepage zeroes the tail of the page straddling i_size on every write)",
            1000,
            [],
            era => MpageProperties.BytesPastEofZeroOnDisk(era)) { NotOnListEra = "2.5.31's __mpage_writepage (its zeroing of the page straddling i_size) has not been read" },
        new(ThrottleArithmeticProperty.Name,
            "each era's dirty throttle computes without a division by zero or an undefined shift and keeps its bounds: background below dirty, the 5% floor until 2.6.37, a boosted task a quarter more, and from 3.2 a pause within 0..max_pause, max_pause <= MAX_PAUSE, min_pause <= max_pause, a freerun task polling again after at least one page (counts within 32 bits)",
            1000,
            [
                new(KernelEra.V3_19, KernelEra.V4_13, [DirtyRatelimitFix],
                    "bdi_update_dirty_ratelimit shifts the step right by dirty_ratelimit / (2 * step + 1) bits, 64 or more whenever no step is due and dirty_ratelimit is at least 64 pages/s: undefined in C, one of the first finds of UBSAN (c6d308534aef lists it); 4.19 shifts only below BITS_PER_LONG"),
            ],
            era => ThrottleArithmeticProperty.For(era, Faults.None)) { NotOnListEra = ListEraThrottle },
        new(DirtiedAccountingProperty.Name,
            "after every step of up to three writers (each a task of its own), a flusher whose ->writepage declines and redirties pages, and the disk: NR_DIRTIED = NR_WRITTEN + NR_FILE_DIRTY + NR_WRITEBACK, each writer's nr_dirtied counts the pages it newly dirtied and the flusher's none (a redirty is not new dirtying); before 2.6.37 the counters stay zero",
            1000,
            [],
            era => DirtiedAccountingProperty.For(era, Faults.None)) { NotOnListEra = ListEraThrottle },
        new(RunningThrottleProperty.Name,
            "dirtiers writing through the era's own balance_dirty_pages (2.6.20's, the per-device one of 2.6.29 and 2.6.36, the I/O-less one from 3.19) with the flusher, the disk and the clock: after every step dirty memory is over the era's limit by at most ratelimit_pages per CPU, NR_DIRTIED = NR_WRITTEN + NR_FILE_DIRTY + NR_WRITEBACK from 2.6.37 (zero before), in 2.6.29 and 2.6.36 the floating proportions of completions and dirtying never exceed 1, and periodic writeback stays scheduled (one case in four in laptop mode, ticks long enough for kupdate's and laptop mode's timers to fire)",
            1000,
            [
                new(KernelEra.V3_19, KernelEra.V4_13, [DirtyRatelimitFix],
                    "a dirtier that looks at dirty memory a bandwidth interval (200 ms) after boot runs bdi_update_dirty_ratelimit, which shifts by dirty_ratelimit / (2 * step + 1) bits, 64 or more when no step is due: undefined in C"),
            ],
            era => RunningThrottleProperty.For(era, Faults.None)) { NotOnListEra = ListEraThrottle },
        new(DomainThrottleProperty.Name,
            "a dirtier writing page by page through the era's running balance_dirty_pages, with the flusher, the disk and the clock, on a disk that is strictlimit or not (max_ratio varied, from 3.19) and in a memcg smaller than the machine or not (from 4.13): after every page the global domain is over its limit by at most ratelimit_pages, a strictlimit disk's dirty and writeback pages by at most that over its share, and a memcg's over its domain's limit; with a root writer's file dirty beside it, from 4.13 (cgroup writeback) every wb's WB_DIRTIED and WB_WRITTEN match its pages and no wb's flusher takes another wb's inode",
            1000,
            // No bug row: 3.19's undefined shift was found here only while the model's flusher
            // lacked the per-disk background test (b00949aa2df9, 3.2), so that a strictlimit
            // disk's dirtier, held by a share of 0 with the machine under its background
            // threshold, stayed held past a bandwidth interval (docs/eras.md section 98). The
            // running throttle property and strictlimit-dirtier-vs-fsync still find it on 3.19.
            [],
            era => DomainThrottleProperty.For(era, Faults.None)) { NotOnListEra = ListEraThrottle },
        new(NodeDirtyLimitProperty.Name,
            "a writer on a machine of 2 or 3 nodes, with or without watermarks, writing new pages, the file written back now and then: after every page each zone (3.19) or node (from 4.13) holds at most its share of the dirty limit, plus one, plus the pages it got while every node was over its limit or low watermark (the bound computed from the machine's sizes and the era's rules, not from the model's counters)",
            1000,
            [
                new(KernelEra.V2_6_20, KernelEra.V3_19, [new KernelCommit("a756cf590853", "mm: try to distribute dirty pages fairly across zones", "3.3")],
                    "the allocator takes a buffered write's page from the writer's own node whatever its dirty pages (no __GFP_WRITE, no zone_dirty_ok): 22 pages fill a node whose limit is 20"),
            ],
            era => NodeDirtyLimitProperty.For(era, Faults.None)) { NotOnListEra = "the list era's zones and watermarks are modelled with the later eras' rules (vm.min_free_kbytes came after 2.5.31, docs/eras.md section 28), and its throttle is 2.6.20's" },
        new(WritebackProperties.UnmapName,
            "with munmaps (whole and ranges) and pages written through get_user_pages and released with set_page_dirty_lock among writes, mapped stores, writeback, truncates and reclaim: after every step, every unlocked cached page inside i_size whose data is newer than the disk's is dirty, under writeback or dirty through a pte",
            1000,
            [
                new(KernelEra.V2_6_20, KernelEra.V2_6_29, [FaultLocksPage], FaultVsPunch),
            ],
            era => WritebackProperties.NoSilentCleanUnmapped(era)) { NotOnListEra = "get_user_pages' dirtiers release pages with set_page_dirty_lock, whose presence in 2.5.31 has not been checked: the generator would draw a call the era may lack" },
        new(WritebackProperties.GupReclaimName,
            "reclaim against pages written through get_user_pages and released with or without the page lock (no truncates): no page leaves the cache dirty, none is freed locked or under writeback, and no data is cleaned silently",
            1000,
            [],
            era => WritebackProperties.GupReclaim(era)) { NotOnListEra = "get_user_pages' dirtiers release pages with set_page_dirty_lock, whose presence in 2.5.31 has not been checked: the generator would draw a call the era may lack" },
        new(WritebackProperties.NofsReclaimName,
            "direct reclaim (a page, then try_to_free_pages with its shrink_slab) from allocations a filesystem makes under its own journal handle, with the mask the era's filesystem passes there (GFP_NOFS; a GFP_NOFS scope from 4.12), its ->writepage starting a handle nine times in ten and unused inodes of it in the inode cache half the time, among writes, writeback, fsyncs and truncates: reclaim for an allocation without __GFP_FS calls no filesystem, no task waits for a handle it holds, and tag/flag coherence (where the era has page tags), accounting, no silent clean and truncate and reclaim safety hold after every step",
            1000,
            [],
            era => WritebackProperties.NofsReclaim(era)) { NotOnListEra = null },
        new(WritebackProperties.UnlinkName,
            "files unlinked and closed among writes, fsyncs, writeback, the flusher's loop, truncates, punches and reclaim (no I/O errors), the last reference evicting in whichever operation drops it: after every step a write that returned is readable from the cache or the disk until the file shrinks below it, a punch drops it or the file is unlinked, an evicted inode's mapping holds no page, and no freed inode is touched",
            1000,
            [
                // docs/eras.md section 127: the flush's pass wrote nothing (a paused writeback holds
                // I_SYNC, a write dirtied the file again), so wb_writeback waits on the tail of
                // b_more_io with no reference; the unlink and the writeback's end free the inode,
                // and the woken flusher reads it. Two model shortcuts: the paused writeback is a
                // WB_SYNC_ALL "flusher pass" (WritebackInodeAsFlusher), which in 2.6.36 would be
                // the bdi's one flusher thread and could not run alongside the flush (the kernel's
                // race needs fsync's sync_inode, as the era table's row has it, or
                // balance_dirty_pages' own pass holding I_SYNC); and the write is needed only
                // because the model puts an inode on the lists from its state bits (2.6.36 leaves
                // it on b_dirty through the pass). From the matrix's seed after 10,110 cases; over
                // 10 fresh seeds (101-110) after 4,391 to 55,130 (mean 16,418), so 100,000 cases
                // miss it with odds about exp(-6) (0.2%).
                new(KernelEra.V2_6_36, KernelEra.V3_19, [FlusherWaitNoTouch],
                    "use-after-free in wb_writeback's wait: a pass that wrote nothing because another writer held the file's I_SYNC waits for I_SYNC on the tail of b_more_io holding no inode reference (its walk's __iget went with the pass), the writer ends and the last close evicts the file, and the woken flusher reads the freed inode's i_state (inode_wait_for_writeback); shrunk to a WB_SYNC_ALL writeback asleep on its page, a write, the flush, the unlink",
                    100_000),
            ],
            era => WritebackProperties.NoLostWriteUntilUnlink(era)) { NotOnListEra = null },
        new(StablePages.Name,
            "writes, stores through mappings, writeback, fsyncs, truncates and reclaim, I/O completing only when a command says, on a device that needs stable pages three cases in four: after every step no page's data differs from what a write bio of it still in flight carries",
            1000,
            [
                new(KernelEra.V2_5, KernelEra.V3_19, [StablePageWrites],
                    "(2.5.31 as well: its fault has no ->page_mkwrite and nothing write-protects a shared pte, the era table's mmap-store-vs-writeback row; from the matrix's seed a store) nothing waits for a page's writeback before changing its data: a store through a mapping or a write(2) changes a page whose bio is in flight (write_begin waited from 3.0 for every device, Darrick J. Wong's \"mm: Wait for writeback when grabbing pages to begin a write\", id not found, which ends the write(2) half; the generic write fault only from 1d1d1a767206, 3.9, which made every point that makes a page writable wait, for a device that needs stable pages); from the matrix's seed a store, after 67 cases; over 20 fresh seeds (101-120) each era failed within 49 to 191 cases, by a store or a write(2) about equally (2.6.20's cases meet the punch race of the rows above only later)"),
            ],
            era => WritebackProperties.StablePagesHold(era)) { NotOnListEra = null },
    ];

    /// <summary>The property called <paramref name="name"/>.</summary>
    public static EraProperty Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"unknown property '{name}'; known properties: {string.Join(", ", All.Select(p => p.Name))}");

    private static KernelCommit Commit(KernelEra endedEra) =>
        endedEra.Info().EndedBy ?? throw new InvalidOperationException($"era {endedEra} has no commit that ended it");
}
