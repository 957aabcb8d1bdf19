namespace Wbcheck.Model;

/// <summary>
/// The names an era's kernel gave the functions the model labels its steps and assertions with:
/// a trace of 2.6.29 says lock_page and pagevec_lookup_tag, one of 6.9 folio_lock and
/// filemap_get_folios_tag. One instance per era, made once; the model reads a field, so a label
/// costs no more than a constant string. Where a name changed, the comment gives the change;
/// "[R]" marks a release recalled rather than read (docs/eras.md, section 10).
/// </summary>
public sealed class EraNames
{
    private static readonly EraNames[] ByEra = Build(out NamedBoundaries);

    /// <summary>The era boundaries the names change at: <see cref="Of"/> consults them all, as a trace's labels may differ across any.</summary>
    private static readonly ulong NamedBoundaries;

    private EraNames(KernelEra era)
    {
        // The folio conversions (5.16 onwards) are all before 6.9 and after 5.0: every era but
        // the current one spells them with "page".
        var folios = era.AtLeast(KernelEra.V6_9);
        LockPage = folios ? "folio_lock" : "lock_page";

        // TestSetPageLocked became trylock_page in Nick Piggin's "mm: rename page trylock" (2.6.27).
        TrylockPage = folios ? "folio_trylock" : era.AtLeast(KernelEra.V2_6_29) ? "trylock_page" : "TestSetPageLocked";
        WaitOnPageWriteback = folios ? "folio_wait_writeback" : "wait_on_page_writeback";
        SetPageWriteback = folios ? "folio_start_writeback" : "set_page_writeback";
        SetPageDirty = folios ? "__folio_mark_dirty" : "__set_page_dirty_nobuffers";
        MarkPageDirty = folios ? "folio_mark_dirty" : "set_page_dirty";
        PutPage = folios ? "folio_put" : "put_page";

        // Jan Kara's ranged tagged lookups reached write_cache_pages and __filemap_fdatawait_range
        // in 4.15 (mmotm since-4.14); filemap_get_folios_tag replaced them in 6.3.
        PagevecLookupTag = folios ? "filemap_get_folios_tag" : era.AtLeast(KernelEra.V4_17) ? "pagevec_lookup_range_tag" : "pagevec_lookup_tag";

        // write_begin's lookup: find_lock_page, then pagecache_get_page (3.16, 2457aec63745), then
        // __filemap_get_folio (5.16).
        FindLockPage = folios ? "__filemap_get_folio" : era.AtLeast(KernelEra.V3_19) ? "pagecache_get_page" : "find_lock_page";

        // remove_from_page_cache was renamed delete_from_page_cache in 2.6.39; the folio
        // version came with the 5.16+ conversions.
        RemoveFromPageCache = folios ? "filemap_remove_folio" : era.AtLeast(KernelEra.V3_19) ? "delete_from_page_cache" : "remove_from_page_cache";

        // Eviction's last step: clear_inode until 2.6.36's ->evict_inode called it end_writeback
        // (Al Viro's "new helper: end_writeback()" [R]), renamed back to clear_inode in 3.5 by Jan
        // Kara's "vfs: Rename end_writeback() to clear_inode()" [R].
        ClearInode = era.AtLeast(KernelEra.V2_6_36) && era.Before(KernelEra.V3_19) ? "end_writeback" : "clear_inode";

        // Where the dirty-page check at removal lives: __delete_from_page_cache until Jan Kara
        // factored it out (4.15, "mm: factor out checks and accounting from
        // __delete_from_page_cache()"), then filemap_unaccount_folio.
        UnaccountPage = folios ? "filemap_unaccount_folio"
            : era.AtLeast(KernelEra.V4_17) ? "unaccount_page_cache_page"
            : era.AtLeast(KernelEra.V3_19) ? "__delete_from_page_cache"
            : "__remove_from_page_cache";

        // Truncate's two lookups: pagevec_lookup, pagevec_lookup_entries from 3.15 (shadow
        // entries, 0cd6144aadd2), find_lock_entries and find_get_entries from 5.12 ("mm: add and use
        // find_lock_entries", 5c211ba29deb). Batched removal came in 4.15 ("mm: batch radix
        // tree operations when truncating pages"); before it each page went by itself.
        var entries = era.AtLeast(KernelEra.V3_19);
        FindLockEntries = folios ? "find_lock_entries" : entries ? "pagevec_lookup_entries" : "pagevec_lookup";
        FindGetEntries = folios ? "find_get_entries" : entries ? "pagevec_lookup_entries" : "pagevec_lookup";
        DeleteFromPageCacheBatch = era.AtLeast(KernelEra.V4_17) ? "delete_from_page_cache_batch" : RemoveFromPageCache;

        // The wake-up at the end of writeback: wake_up_page (wake_up_page_bit inside it from
        // 4.10), folio_wake_bit with the folio conversions.
        WakeUpPage = folios ? "folio_wake_bit" : "wake_up_page";

        // Dropping a batch's references: pagevec_release, folio_batch_release with the folios.
        PagevecRelease = folios ? "folio_batch_release" : "pagevec_release";

        // Reclaim's loop over the isolated pages: shrink_page_list, shrink_folio_list with the folios;
        // 2.5.31 had no such loop of its own (2.5.32's batch reclaim brought shrink_list): its
        // shrink_cache freed the page itself.
        ShrinkPageList = folios ? "shrink_folio_list" : era.HasPageLists() ? "shrink_cache" : "shrink_page_list";

        // The page-table side of writeback: page_mkclean became folio_mkclean (5.16+ [R]);
        // wait_for_stable_page (3.9) became folio_wait_stable (5.16 [R]); do_wp_page's shared
        // branch was split out as wp_page_shared in 4.1 [R].
        PageMkclean = folios ? "folio_mkclean" : "page_mkclean";
        WaitForStablePage = folios ? "folio_wait_stable" : "wait_for_stable_page";
        DoWpPage = folios ? "wp_page_shared" : "do_wp_page";
        TestClearPageDirty = folios ? "folio_test_clear_dirty" : "TestClearPageDirty";

        // Reclaim's release of a page's private data: try_to_release_page, and its folio form
        // filemap_release_folio (5.19 [R]; read in 6.x shrink_folio_list, called with
        // sc->gfp_mask [V]), which calls ->release_folio (->releasepage before 5.19 [R]).
        TryToReleasePage = folios ? "filemap_release_folio" : "try_to_release_page";
        Releasepage = folios ? "->release_folio" : "->releasepage";

        IsolateLru = folios ? "isolate_lru_folios" : era.HasPageLists() ? "shrink_cache" : "isolate_lru_pages";

        // Reclaim's removal of a clean, unreferenced page under the tree lock: inline in 2.5's
        // shrink_cache (2.5.31's "This is the non-racy check for busy page" on a count of 1; 2.5.32's
        // shrink_list "(pagecache + us == 2)"), taken out
        // as remove_mapping in 2.6.14-mm (Christoph Lameter's page migration, October 2005 [V: the
        // linux-mm posting]), and __remove_mapping with the frozen count of the lockless page
        // cache (2.6.27 [R]; the page_freeze_refs form read in a 2.6.3x copy [V]).
        RemoveMapping = era.AtLeast(KernelEra.V2_6_29) ? "__remove_mapping" : era.HasPageLists() ? "shrink_cache" : "remove_mapping";

        // The walks over the dirty inodes before akpm's "struct writeback_control" (2.5.34 [V: its
        // "-" side]; 2.5.31 [I]): pdflush's background_writeout and wb_kupdate called
        // writeback_unlocked_inodes, the throttled dirtier writeback_backing_dev (its own queue's
        // inodes, from "writeback scalability improvements", 2.5.26 [V: the posting]), and sync's
        // sync_inodes_sb went to sync_sb_inodes itself. 2.5.34 made the first two
        // writeback_inodes(wbc); sync_inodes_sb still called sync_sb_inodes in 2.6.20 and 2.6.29
        // [R]. With the per-bdi flushers (2.6.32) wb_writeback walks a work's superblock with
        // __writeback_inodes_sb and every inode of the wb with writeback_inodes_wb, which the
        // dirtier calls too [V: wb_writeback's "if (work->sb) __writeback_inodes_sb(work->sb, wb,
        // &wbc); else writeback_inodes_wb(wb, &wbc);" in 2.6.3x copies on linux-mm]; Wu
        // Fengguang's 2011 series made them writeback_sb_inodes and __writeback_inodes_wb [V: the
        // same line in his patch, April 2011; 3.1 [R]], as they stayed (the cgroup writeback
        // walks are __writeback_inodes_wb's too).
        var beforeWbc = era.HasPageLists();
        var perBdi = era.SyncQueuesFlusherWork();
        var wbList = era.AtLeast(KernelEra.V3_19);
        var flusherWalk = wbList ? "__writeback_inodes_wb" : perBdi ? "writeback_inodes_wb" : "writeback_inodes";
        WritebackUnlockedInodes = beforeWbc ? "writeback_unlocked_inodes" : flusherWalk;
        WritebackBackingDev = beforeWbc ? "writeback_backing_dev" : flusherWalk;
        SyncSbInodes = wbList ? "writeback_sb_inodes" : perBdi ? "__writeback_inodes_sb" : "sync_sb_inodes";

        // The buffered write's loop over the pages: inline in generic_file_write_nolock in 2.5
        // (the loop akpm's "low-latency page reclaim", after 2.5.34, put current->backing_dev_info
        // before [V: its filemap.c hunk, quoted with the commit in a 2010 linux-mm mail]), then
        // generic_file_buffered_write (2.6.20 [R]), then generic_perform_write, which came with
        // Nick Piggin's write_begin/write_end (afddba49d18f, 2.6.24 [R]) and held the loop from
        // then on: the model's eras with write_begin (GfpEras.HasWriteBegin, 2.6.29 on).
        GenericFileBufferedWrite = era.HasPageLists() ? "generic_file_write_nolock" : era.HasWriteBegin() ? "generic_perform_write" : "generic_file_buffered_write";

        // The read path's insertion of a new page into the cache and onto the LRU: 2.5.31's
        // add_to_page_cache did both (it ends "if (!error) lru_cache_add(page)" [V: the context of
        // akpm's batch-reclaim patch's mm/filemap.c hunk, against 2.5.31]); add_to_page_cache_lru
        // in the later eras [R], until the folio
        // conversion made it filemap_add_folio (5.16 [R]).
        AddToPageCacheLru = era.HasPageLists() ? "add_to_page_cache" : folios ? "filemap_add_folio" : "add_to_page_cache_lru";

        // read(2)'s loop over the pages through the page cache: do_generic_mapping_read in 2.6.20
        // [V: a 2.6.1x mm/filemap.c and a patch against 2.6.17-rc4; 2.6.20 I], do_generic_file_read
        // from 2.6.2x [R], generic_file_buffered_read by late 2018 [V: a patch against it then;
        // the model's 4.20 era on, I], filemap_read from 5.12 [R]. 2.5.31's do_generic_file_read
        // has no row that reads.
        FileRead = folios ? "filemap_read" : era.AtLeast(KernelEra.V4_20) ? "generic_file_buffered_read" : era.AtLeast(KernelEra.V2_6_29) ? "do_generic_file_read" : era.AtLeast(KernelEra.V2_6_20) ? "do_generic_mapping_read" : "do_generic_file_read";

        // A submitter's sleep for a free request: get_request_wait until Tejun Heo's a06e05e6afab
        // "block: refactor get_request[_wait]()" (June 2012, 3.6 [I]) folded it into get_request's
        // own loop over __get_request; blk_mq_get_tag on blk-mq, every disk's from 5.0 [R].
        GetRequestWait = era.RequestsAreBlkMqTags() ? "blk_mq_get_tag" : era.AtLeast(KernelEra.V3_19) ? "get_request" : "get_request_wait";

        // Where block_page_mkwrite's block preparation takes the inode from page->mapping->host
        // (the NULL dereference of a page truncate took): block_prepare_write, which did it itself
        // before calling __block_prepare_write [V: 2.6.20's fs/buffer.c]; __block_write_begin,
        // 6e1db88d536a "introduce __block_write_begin" (Christoph Hellwig [V: the id and title in
        // nilfs-kmod's list of the 2.6.36 merge window's patches]; 2.6.36 [I]), which
        // block_page_mkwrite called instead from Hellwig's "fs: kill block_prepare_write" [R]
        // (the call V in the 4.x diffs of docs/eras.md section 124);
        // __block_write_begin_int, which took the body when ae259a9c8593 "fs: introduce iomap
        // infrastructure" (4.8 [R]; the id and title V) left __block_write_begin a one-line call
        // of it [V: a 4.1x fs/buffer.c], and which block_page_mkwrite calls itself from its folio
        // conversion (Matthew Wilcox, posted June 2023 [V]; by the 6.9 era [I]).
        BlockPrepareWrite = era.AtLeast(KernelEra.V4_13) ? "__block_write_begin_int" : era.AtLeast(KernelEra.V2_6_36) ? "__block_write_begin" : "block_prepare_write";

        // The filesystem's operation the inode cache's shrinker reaches when it frees an unused
        // (so linked) inode: dispose_list's clear_inode calls s_op->clear_inode [V: a 2.6.2x
        // fs/inode.c; 2.5's shrink_icache_memory: "we don't want to recurse into the FS that
        // called us in clear_inode() and friends" (docs/eras.md section 123)], until ->evict_inode
        // replaced ->delete_inode and ->clear_inode in 2.6.36 (Al Viro [R]; "2.6.36 API change:
        // The sops->delete_inode() and sops->clear_inode() callbacks have replaced by a single
        // sops->evict_inode() callback" [V: a ZFS on Linux configure check]). ->delete_inode
        // was an unlinked inode's, at its final iput: never the shrinker's.
        ShrinkerEvictInode = era.AtLeast(KernelEra.V2_6_36) ? "->evict_inode" : "->clear_inode";

        // The inode lock of write(2) and truncate: the semaphore i_sem, the mutex i_mutex from
        // 2.6.16 (Jes Sorensen's conversion in the mutex series), taken through inode_lock() from
        // 4.5 and an rwsem, i_rwsem, from 4.7 [R] (9902af79c01a, "parallel lookups: actual switch
        // to rwsem", Al Viro: the commit read through the search tool, its release recalled).
        (InodeLockName, InodeLock) = era.HasPageLists() ? ("i_sem", "down(i_sem)")
            : era.AtLeast(KernelEra.V4_13) ? ("i_rwsem", "inode_lock")
            : ("i_mutex", "mutex_lock(i_mutex)");
    }

    /// <summary>The buffered write's loop, its preemption point after each page: generic_file_write_nolock (2.5) / generic_file_buffered_write (2.6.20) / generic_perform_write.</summary>
    public string GenericFileBufferedWrite { get; }

    /// <summary>The walk of background writeout and kupdate: writeback_unlocked_inodes (2.5) / writeback_inodes / writeback_inodes_wb (2.6.36) / __writeback_inodes_wb.</summary>
    public string WritebackUnlockedInodes { get; }

    /// <summary>The throttled dirtier's walk of its own queue's inodes: writeback_backing_dev (2.5) / writeback_inodes / writeback_inodes_wb (2.6.36; none from the I/O-less throttle).</summary>
    public string WritebackBackingDev { get; }

    /// <summary>
    /// The walk of one pass of sync(2): sync_sb_inodes (to 2.6.29, called by sync_inodes_sb
    /// itself) / __writeback_inodes_sb (2.6.36) / writeback_sb_inodes: from 2.6.36 wb_writeback's
    /// walk of a work with a superblock (<see cref="Fs.WbWritebackWork.Sb"/>, sync's works).
    /// </summary>
    public string SyncSbInodes { get; }

    /// <summary>The read path's insertion of a new page: add_to_page_cache (2.5) / add_to_page_cache_lru / filemap_add_folio.</summary>
    public string AddToPageCacheLru { get; }


    /// <summary>read(2)'s loop over the pages, its cond_resched before each: do_generic_mapping_read (2.6.20) / do_generic_file_read / generic_file_buffered_read (4.20) / filemap_read.</summary>
    public string FileRead { get; }

    /// <summary>A submitter's sleep for a free request or tag: get_request_wait / get_request / blk_mq_get_tag.</summary>
    public string GetRequestWait { get; }

    /// <summary>try_to_release_page / filemap_release_folio.</summary>
    public string TryToReleasePage { get; }

    /// <summary>The address space operation it calls: -&gt;releasepage / -&gt;release_folio.</summary>
    public string Releasepage { get; }

    /// <summary>Reclaim's removal of a page from its mapping: shrink_cache (inline), remove_mapping, __remove_mapping.</summary>
    public string RemoveMapping { get; }

    /// <summary>lock_page / folio_lock.</summary>
    public string LockPage { get; }

    /// <summary>TestSetPageLocked / trylock_page / folio_trylock.</summary>
    public string TrylockPage { get; }

    /// <summary>wait_on_page_writeback / folio_wait_writeback.</summary>
    public string WaitOnPageWriteback { get; }

    /// <summary>set_page_writeback / folio_start_writeback.</summary>
    public string SetPageWriteback { get; }

    /// <summary>The tree-lock section of dirtying: __set_page_dirty_nobuffers / __folio_mark_dirty.</summary>
    public string SetPageDirty { get; }

    /// <summary>The entry of dirtying, through the mapping's a_ops: set_page_dirty / folio_mark_dirty.</summary>
    public string MarkPageDirty { get; }

    /// <summary>Dropping a page reference: put_page (page_cache_release in some callers before 4.6) / folio_put.</summary>
    public string PutPage { get; }

    /// <summary>The tagged batch lookup of writeback and fdatawait: pagevec_lookup_tag / pagevec_lookup_range_tag / filemap_get_folios_tag.</summary>
    public string PagevecLookupTag { get; }

    /// <summary>write_begin's page-cache lookup: find_lock_page / pagecache_get_page / __filemap_get_folio.</summary>
    public string FindLockPage { get; }

    /// <summary>remove_from_page_cache / delete_from_page_cache / filemap_remove_folio.</summary>
    public string RemoveFromPageCache { get; }

    /// <summary>The end of eviction, where its BUG_ONs are: clear_inode / end_writeback (2.6.36 to 3.4) / clear_inode.</summary>
    public string ClearInode { get; }

    /// <summary>Where removal checks and fixes up a dirty page: __remove_from_page_cache / __delete_from_page_cache / unaccount_page_cache_page / filemap_unaccount_folio.</summary>
    public string UnaccountPage { get; }

    /// <summary>Truncate's first (trylock) lookup: pagevec_lookup / pagevec_lookup_entries / find_lock_entries.</summary>
    public string FindLockEntries { get; }

    /// <summary>Truncate's second (waiting) lookup: pagevec_lookup / pagevec_lookup_entries / find_get_entries.</summary>
    public string FindGetEntries { get; }

    /// <summary>Truncate's removal of the pages its first pass locked: delete_from_page_cache_batch from 4.15, else one page at a time.</summary>
    public string DeleteFromPageCacheBatch { get; }

    /// <summary>block_page_mkwrite's block preparation, where it dereferences page-&gt;mapping: block_prepare_write / __block_write_begin (2.6.36) / __block_write_begin_int (4.8).</summary>
    public string BlockPrepareWrite { get; }

    /// <summary>The filesystem's operation the inode cache's shrinker frees an inode through: -&gt;clear_inode / -&gt;evict_inode (2.6.36).</summary>
    public string ShrinkerEvictInode { get; }

    /// <summary>The inode's lock against concurrent writers: i_sem / i_mutex / i_rwsem.</summary>
    public string InodeLockName { get; }

    /// <summary>Taking it: down(i_sem) / mutex_lock(i_mutex) / inode_lock.</summary>
    public string InodeLock { get; }

    /// <summary>Reclaim taking pages off the LRU: shrink_cache (2.5) / isolate_lru_pages / isolate_lru_folios.</summary>
    public string IsolateLru { get; }

    /// <summary>pagevec_release / folio_batch_release.</summary>
    public string PagevecRelease { get; }

    /// <summary>shrink_list (2.5) / shrink_page_list / shrink_folio_list.</summary>
    public string ShrinkPageList { get; }

    /// <summary>The wake-up of PG_writeback waiters at the end of writeback: wake_up_page / folio_wake_bit.</summary>
    public string WakeUpPage { get; }

    /// <summary>page_mkclean / folio_mkclean.</summary>
    public string PageMkclean { get; }

    /// <summary>wait_for_stable_page / folio_wait_stable.</summary>
    public string WaitForStablePage { get; }

    /// <summary>The write fault on a shared page: do_wp_page / wp_page_shared.</summary>
    public string DoWpPage { get; }

    /// <summary>clear_page_dirty_for_io's clearing of the flag: TestClearPageDirty / folio_test_clear_dirty.</summary>
    public string TestClearPageDirty { get; }

    /// <summary>The names of <paramref name="era"/>'s kernel.</summary>
    public static EraNames Of(KernelEra era)
    {
        EraBoundaries.Add(NamedBoundaries);
        return ByEra[(int)era];
    }

    /// <summary>Every era's names, and the boundaries their making consulted (kept apart from the calling thread's record).</summary>
    private static EraNames[] Build(out ulong boundaries)
    {
        var outer = EraBoundaries.Reset();
        EraNames[] byEra = [.. Enum.GetValues<KernelEra>().Select(era => new EraNames(era))];
        boundaries = EraBoundaries.Reset();
        EraBoundaries.Add(outer);
        return byEra;
    }
}
