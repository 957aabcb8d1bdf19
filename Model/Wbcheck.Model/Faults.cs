namespace Wbcheck.Model;

/// <summary>
/// Bugs that can be switched into the model, all off by default. Each exists so that a test can
/// prove that the invariant or detector meant to catch it does catch it: a check that was never
/// seen to fail proves nothing.
/// </summary>
public sealed partial record Faults
{
    public static Faults None { get; } = new();

    /// <summary>__folio_mark_dirty tags and accounts without re-checking folio-&gt;mapping under the tree lock.</summary>
    public bool NoMappingRecheckOnDirty { get; init; }

    /// <summary>__folio_start_writeback leaves the DIRTY tag on a page that is no longer dirty.</summary>
    public bool KeepDirtyTagOnWriteback { get; init; }

    /// <summary>__folio_end_writeback forgets to decrement NR_WRITEBACK.</summary>
    public bool LeakWritebackCount { get; init; }

    /// <summary>Integrity writeback skips a page under writeback instead of waiting for it.</summary>
    public bool SyncSkipsWriteback { get; init; }

    /// <summary>Integrity writeback stops when nr_to_write runs out, as background writeback does.</summary>
    public bool SyncStopsAtNrToWrite { get; init; }

    /// <summary>
    /// writeback_iter ends a WB_SYNC_NONE pass only when nr_to_write is exactly 0: a filesystem
    /// that spent the budget itself, past 0, keeps the pass going to the end of the range.
    /// </summary>
    public bool NrToWriteSpentOnlyAtZero { get; init; }

    /// <summary>
    /// 2.6.20's generic_writepages does not end its walk when nr_to_write is spent (only an error
    /// or the range's end does): a WB_SYNC_NONE pass writes every dirty page of its range, past
    /// the rest of the pagevec the kernel writes. An overshoot on 2.6.20 that is not the
    /// kernel's, which the properties' note of the era's known one must not take in
    /// (docs/eras.md section 105).
    /// </summary>
    public bool WritepagesWalkGoesOnPastSpentBudget { get; init; }

    /// <summary>Integrity writeback stops at the first error instead of going on and returning it.</summary>
    public bool SyncStopsAtError { get; init; }

    /// <summary>The second pass of truncate_inode_pages_range does not wait for writeback.</summary>
    public bool TruncateSkipsWritebackWait { get; init; }

    /// <summary>
    /// folio_end_writeback takes no reference across clearing PG_writeback and the wake-up (the
    /// folio_get of 073861ed77b6 left out): truncate may free the page in between.
    /// </summary>
    public bool EndWritebackTakesNoReference { get; init; }

    /// <summary>Reclaim frees a page without checking PG_dirty under the tree lock.</summary>
    public bool ReclaimSkipsDirtyRecheck { get; init; }

    /// <summary>Reclaim writes or frees a page without looking whether a pte referenced it (folio_check_references skipped).</summary>
    public bool ReclaimIgnoresReferences { get; init; }

    /// <summary>
    /// Before 2.6.34, reclaim writes a dirty page it found referenced but did not activate (a
    /// page of a file nobody maps, PG_referenced from a write), where 2.6's shrink_page_list
    /// kept it unwritten ("if (PageDirty(page)) { if (referenced) goto keep_locked;").
    /// </summary>
    public bool ReclaimWritesReferencedDirtyPages { get; init; }

    /// <summary>Eviction drops only the pages it can lock without waiting (invalidate_mapping_pages) instead of truncating every page.</summary>
    public bool EvictSkipsBusyPages { get; init; }

    /// <summary>
    /// Eviction's final truncate (truncate_inode_pages_final) takes pages out without waiting for
    /// their writeback, where every era's second pass waits (wait_on_page_writeback /
    /// folio_wait_writeback): the I/O of a freed inode's page completes after the page left it.
    /// </summary>
    public bool EvictSkipsWritebackWait { get; init; }

    /// <summary>
    /// From 3.5 (the model's 3.19), evict() goes on to -&gt;evict_inode without waiting for the
    /// inode's writeback (I_SYNC, inode_wait_for_writeback / inode_sync_wait): the flusher, which
    /// holds no inode reference in those eras, writes the inode while it is truncated and freed,
    /// and touches the freed inode as its pass ends.
    /// </summary>
    public bool EvictSkipsInodeWritebackWait { get; init; }

    /// <summary>
    /// The flusher's walk does not skip an inode being freed (I_FREEING): before 3.5 its __iget
    /// then meets the kernel's BUG_ON(inode-&gt;i_state &amp; I_FREEING); from 3.5 its I_SYNC would
    /// pin an inode evict() is already past waiting for.
    /// </summary>
    public bool WalkTakesFreeingInode { get; init; }

    /// <summary>
    /// From 3.5 (the model's 3.19) the flusher's wait on the tail of b_more_io, woken, takes the
    /// inode's i_lock again, as inode_wait_for_writeback did in wb_writeback before 169ebd90131b
    /// "writeback: Avoid iput() from flusher thread": the wait holds no inode reference, so an
    /// inode whose last close evicted it meanwhile is touched after its free.
    /// </summary>
    public bool FlusherWaitRetakesInode { get; init; }

    /// <summary>A -&gt;writepage writing a cluster takes neighbours past i_size too (a cached page truncate has not removed yet).</summary>
    public bool ClusterIgnoresEof { get; init; }

    /// <summary>file_check_and_advance_wb_err does not advance the file's cursor: one error reported forever.</summary>
    public bool FsyncDoesNotAdvanceErrSeq { get; init; }

    /// <summary>
    /// -&gt;writepage starts writeback on a page inside EOF and ends it at once, with no I/O (as a
    /// filesystem that finds nothing to submit): flags, tags and counts stay coherent, and the
    /// page's data is never written.
    /// </summary>
    public bool WritepageEndsWritebackWithoutIo { get; init; }

    /// <summary>write(2) copies into the page cache without holding the inode lock, so it can race truncate.</summary>
    public bool WriteSkipsInodeLock { get; init; }

    /// <summary>The iterator does not re-check page-&gt;mapping after locking a page.</summary>
    public bool NoMappingRecheckInIterator { get; init; }

    /// <summary>get_dirty_limits leaves dirty_background_ratio as set even when it is not below the clamped dirty_ratio.</summary>
    public bool NoBackgroundBelowDirtyClamp { get; init; }

    /// <summary>get_dirty_limits drops the 5% floor under the clamped dirty_ratio.</summary>
    public bool NoDirtyRatioFloor { get; init; }

    /// <summary>get_dirty_limits multiplies a ratio by the memory size in 32 bits, as a 32-bit long would.</summary>
    public bool DirtyLimitsIn32Bits { get; init; }

    /// <summary>get_dirty_limits takes the unmapped ratio of available (low) memory, which is zero on an all-highmem machine.</summary>
    public bool UnmappedRatioOfAvailableMemory { get; init; }

    /// <summary>balance_dirty_pages returns once it wrote any page, not a whole write_chunk.</summary>
    public bool BalanceReturnsBeforeItsChunk { get; init; }

    /// <summary>balance_dirty_pages counts the pages left unwritten (wbc.nr_to_write) as written.</summary>
    public bool BalanceCountsUnwrittenPages { get; init; }

    /// <summary>balance_dirty_pages only waits in congestion_wait and never writes back itself.</summary>
    public bool BalanceOnlyWaits { get; init; }

    /// <summary>writeback_set_ratelimit divides memory by 32 but not by the number of CPUs.</summary>
    public bool RatelimitIgnoresCpus { get; init; }

    /// <summary>writeback_set_ratelimit does not cap ratelimit_pages at four megabytes.</summary>
    public bool RatelimitNotCapped { get; init; }

    /// <summary>background_writeout goes on until nothing is dirty instead of stopping under the background threshold.</summary>
    public bool BackgroundWriteoutUntilClean { get; init; }

    /// <summary>The model filesystem's -&gt;writepage writes the page straddling i_size without zeroing the part past i_size (block_write_full_page's zeroing skipped).</summary>
    public bool SimpleFsSkipsZeroingPastEof { get; init; }

    /// <summary>__mpage_writepage writes the page straddling i_size without zeroing the part past i_size.</summary>
    public bool MpageSkipsZeroingPastEof { get; init; }

    /// <summary>__mpage_writepage adds a page to the bio being built even when its first block does not follow the bio's last one.</summary>
    public bool MpageIgnoresDiscontiguity { get; init; }

    /// <summary>mpage_alloc makes write bios with room for any number of pages instead of BIO_MAX_PAGES.</summary>
    public bool MpageIgnoresBioMaxPages { get; init; }

    /// <summary>__mpage_writepage gives up on a confused page without calling -&gt;writepage: the page, already cleaned for I/O, is never written.</summary>
    public bool MpageConfusedDropsPage { get; init; }

    /// <summary>
    /// List era: writeback walks dirty_pages itself instead of io_pages filled by its caller, the
    /// design the mpage_writepages manual page explains io_pages against: a page redirtied while
    /// it waits in the walker's unsubmitted bio comes round again (deadlock), and a fast dirtier
    /// never lets the walk end (livelock).
    /// </summary>
    public bool WalkDirtyPagesWithoutIoPages { get; init; }

    /// <summary>List era: set_page_dirty sets PG_dirty but leaves the page on its list (clean_pages, say).</summary>
    public bool DirtyLeavesPageOnItsList { get; init; }

    /// <summary>zap_pte_range drops a dirty pte without moving its dirtiness into PG_dirty: the data stored through it is never written.</summary>
    public bool ZapDropsDirtyPte { get; init; }

    /// <summary>Making a page writable does not wait for its writeback on a device that needs stable pages (no wait_for_stable_page / folio_wait_stable).</summary>
    public bool NoStablePageWait { get; init; }

    /// <summary>A buffered write's write_begin (grab_cache_page_write_begin, FGP_STABLE) does not wait for stable pages; the write fault still does.</summary>
    public bool WriteBeginSkipsStableWait { get; init; }

    /// <summary>
    /// The fault on a missing pte takes no page lock and re-checks nothing (no truncate_count, no
    /// page lock from the lookup to the pte): it maps the page it found, as 2.5.31's do_no_page
    /// did, in every era. fault-vs-truncate exists to catch it.
    /// </summary>
    public bool FaultMapsUnlockedPage { get; init; }

    /// <summary>
    /// The fault with write access on a missing pte marks the page dirty after unlocking it
    /// (set_page_dirty_balance), as before b827e496c893, in every era.
    /// store-to-missing-pte-vs-truncate exists to catch it.
    /// </summary>
    public bool SharedFaultDirtiesUnlocked { get; init; }

    /// <summary>Every fault switched on, by name, for messages.</summary>
    public IEnumerable<string> Active()
    {
        foreach (var property in typeof(Faults).GetProperties())
        {
            if (property.PropertyType == typeof(bool) && (bool)property.GetValue(this)!)
            {
                yield return property.Name;
            }
        }
    }
}
