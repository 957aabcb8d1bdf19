using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/vmscan.c, the essentials of reclaiming a page-cache page: never wait for a lock or for
/// writeback, keep a page a pte has referenced since the last scan, write a dirty page with
/// -&gt;writepage (only from kswapd from 3.2 on), and free a clean idle page only if nobody else
/// holds a reference and it did not become dirty meanwhile.
/// </summary>
public sealed partial class Vmscan(Kernel kernel)
{
    /// <summary>Pages the isolation holds (the page cache's plus ours) when nobody else does.</summary>
    private const int IsolatedRefCount = 2;

    private Filemap Filemap => kernel.Filemap;

    /// <summary>
    /// Reclaim one page, a batch of one: the page at the inactive LRU's tail (the oldest; the one
    /// isolate_lru_folios takes first), isolated with a reference and reclaimed as the race
    /// scenarios' kswapd or direct reclaimer does (<paramref name="kswapd"/>: current_is_kswapd).
    /// What it does not free goes back to the LRU's head, so the next call meets the next oldest.
    /// The active list gets its batch of one too, in the era's order and form
    /// (<see cref="ShrinkActiveList"/>): before the inactive page in 2.5.31 (by refill_inactive's
    /// ratio) and 2.6.20, after it from the split LRU on, only while the inactive list is low
    /// from 2.6.31; before 3.0 only in the calls whose deferred active count came due
    /// (<see cref="OnePageActiveScanCount"/>). Returns null when the inactive list was empty. A
    /// page the isolation passes over (<see cref="IsolateLruPage"/>) is
    /// <see cref="ReclaimResult.NotIsolated"/>: scanned, never locked or referenced, and moved to
    /// the head too. <paramref name="gfpMask"/> is a direct reclaimer's allocation mask (kswapd's is
    /// GFP_KERNEL): see <see cref="ShrinkFolio"/>.
    /// </summary>
    [Models("mm/vmscan.c", "isolate_lru_pages (nr_to_scan 1)", "3.18")]
    [Models("mm/vmscan.c", "isolate_lru_folios (nr_to_scan 1)", "6.9")]
    [Models("mm/vmscan.c", "shrink_lruvec (for_each_evictable_lru, nr_to_scan 1)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<(Page Page, ReclaimResult Result)?> ReclaimOne(bool kswapd = true, Gfp gfpMask = Gfp.Kernel)
    {
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel(kernel.Names.IsolateLru));
        var form = kernel.Era.ActiveListForm();
        if (form == ActiveListForm.RefillInactive)
        {
            ShrinkActiveList(_ => true, RefillInactiveRatio(1), PriorityLoopEras.DefPriority2_5);
        }

        // The round's counts are taken before any batch (shrink_zone, get_scan_count).
        var nrActive = form == ActiveListForm.RefillInactive ? 0 : OnePageActiveScanCount();
        if (form == ActiveListForm.RefillInactiveZone)
        {
            ShrinkActiveList(_ => true, nrActive, PriorityLoopEras.DefPriority);
        }

        var tail = IsolateLruPages(_ => true, 1);
        (Page Page, ReclaimResult Result)? reclaimed = tail.Count == 0 ? null : (tail[0], await ReclaimFolio(tail[0], kswapd, gfpMask));
        if (nrActive > 0 && (form is ActiveListForm.SplitLru or ActiveListForm.InactiveIsLow && InactiveIsLow(_ => true)))
        {
            ShrinkActiveList(_ => true, nrActive, PriorityLoopEras.DefPriority);
        }

        return reclaimed;
    }

    /// <summary>
    /// Isolate <paramref name="page"/>, a page of the page cache the caller has chosen (the LRU's
    /// tail for <see cref="ReclaimOne"/>, a property's command), and reclaim it: a page the
    /// isolation passes over is <see cref="ReclaimResult.NotIsolated"/>, never locked or
    /// referenced; one it takes gets the isolation's reference and goes to
    /// <see cref="ShrinkFolio"/> with <paramref name="gfpMask"/>.
    /// </summary>
    [Models("mm/vmscan.c", "isolate_lru_folios", "6.9")]
    [Models("mm/vmscan.c", "isolate_lru_pages", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<ReclaimResult> ReclaimFolio(Page page, bool kswapd = true, Gfp gfpMask = Gfp.Kernel)
    {
        if (!IsolateLruPage(page, MayWritepage(kswapd)))
        {
            if (kswapd)
            {
                KswapdCountScan(ReclaimResult.NotIsolated);
            }

            // Passed over: the isolation moves it to its LRU's head all the same.
            PutbackInactivePages([page], [page.Generation]);
            return ReclaimResult.NotIsolated;
        }

        Filemap.FolioGet(page);
        return await ShrinkFolio(page, kswapd, gfpMask);
    }

    /// <summary>
    /// Reclaim one isolated page (the caller holds a reference on it, which this drops), as
    /// kswapd (<paramref name="kswapd"/>) or as a task in direct reclaim whose allocation passed
    /// <paramref name="gfpMask"/> (sc.gfp_mask, as <see cref="TryToFreePages"/> takes it: within
    /// a GFP_NOFS scope from 4.12, without __GFP_FS). Without __GFP_FS there is no may_enter_fs:
    /// a dirty page is kept rather than written (2.5.31 to 2.6.36, where direct reclaim writes),
    /// and 2.5.31's shrink_cache does not wait on a page under writeback. kswapd reclaims with
    /// GFP_KERNEL whatever is passed.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_folio_list", "6.9")]
    [Models("mm/vmscan.c", "shrink_page_list", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_page_list (may_enter_fs = sc->gfp_mask & __GFP_FS)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_cache (list_del(entry); list_add(entry, &inactive_list))", "2.5.31")]
    [Models("mm/rmap.c", "try_to_unmap", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<ReclaimResult> ShrinkFolio(Page page, bool kswapd = true, Gfp gfpMask = Gfp.Kernel)
    {
        EnterReclaim(kswapd ? Gfp.Kernel : gfpMask);
        try
        {
            // The page is a batch of its own: the flags set after a batch are set after it, and
            // a page it did not free goes back to its LRU's head.
            var gfp = OnePageGfpContext(kswapd, gfpMask);
            var stat = new ReclaimStat { NrTaken = 1, GfpMask = gfp };
            var generation = page.Generation;
            // 2.5.31 moves the page to the head before it looks at it, not after.
            var pageByPage = kernel.Era.ReclaimScansPageByPage();
            if (pageByPage)
            {
                RotateToInactiveHead(page);
            }

            var result = await ShrinkIsolatedFolio(page, kswapd, MayWritepage(kswapd) && gfp.HasFlag(Gfp.Fs), stat);
            if (!pageByPage)
            {
                PutbackInactivePages([page], [generation]);
            }

            if (kswapd)
            {
                KswapdCountScan(result);
            }

            await AfterShrinkingBatch(page, kswapd, stat);
            return result;
        }
        finally
        {
            ExitReclaim();
        }
    }

    /// <summary>
    /// sc.may_writepage of this reclaimer: kswapd's (<see cref="KswapdMayWritepage"/>), or a
    /// single page of try_to_free_pages: !laptop_mode, raised only after scanning one and a half
    /// batches.
    /// </summary>
    private bool MayWritepage(bool kswapd) => kswapd ? KswapdMayWritepage() : kernel.Throttle.Sysctls.LaptopMode == 0;

    /// <summary>
    /// The gfp mask a one-page reclaim runs with: kswapd's GFP_KERNEL (balance_pgdat's
    /// scan_control), or a direct reclaimer's allocation mask as try_to_free_pages takes it
    /// (current_gfp_context from 4.12; ignored under <see cref="Faults.DirectReclaimIgnoresGfp"/>).
    /// </summary>
    [Models("mm/vmscan.c", "try_to_free_pages (.gfp_mask = current_gfp_context(gfp_mask))", "6.9")]
    [Models("mm/vmscan.c", "balance_pgdat (.gfp_mask = GFP_KERNEL)", "6.9")]
    private Gfp OnePageGfpContext(bool kswapd, Gfp gfpMask) =>
        kswapd || kernel.Faults.DirectReclaimIgnoresGfp ? Gfp.Kernel : kernel.PageAlloc.CurrentGfpContext(gfpMask);

    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    internal async ValueTask<ReclaimResult> ShrinkIsolatedFolio(Page page, bool kswapd, bool mayWritepage, ReclaimStat stat)
    {
        // 2.5.31 waits for a page under writeback before it takes the page lock, and leaves it.
        // It has no sc->may_writepage (laptop mode came later): what the caller passes is
        // may_enter_fs alone.
        if (page.Writeback && kernel.Era.ReclaimWaitsOnPageWriteback())
        {
            return await ShrinkCacheWaitOnWriteback(page, mayEnterFs: mayWritepage);
        }

        // The isolation reference's generation: the reference, held since isolation, kept the page
        // from being freed, so it is the one it was taken at. The trylock and the puts through it
        // compare against it, so that a page freed and reused by another file meanwhile is caught
        // too, not only one still free (docs/truncate-and-page-lifetime.md).
        var generation = page.Generation;
        if (kernel.Faults.ReclaimPutsBeforeTrylock)
        {
            Filemap.FolioPut(page, generation);
        }

        var locked = await Filemap.FolioTrylock(page, generation);
        if (kernel.Faults.ReclaimPutsBeforeTrylock)
        {
            Filemap.FolioGet(page);
        }

        if (!locked)
        {
            return Keep(page);
        }

        // Not yet queued for I/O: what tells reclaim the flushers are behind.
        if (page.Dirty && !page.Writeback)
        {
            stat.NrUnqueuedDirty++;
        }

        CountCongested(page, stat);

        // Under writeback: reclaim does not wait for I/O; the page is tried again later, from
        // 4.11 after a turn on the active list (c55e8d035b28), marked to be freed once written.
        // memcg reclaim may wait for it instead (Vmscan.Memcg.cs).
        if (page.Writeback && !await MemcgReclaimWaitOnWriteback(page, stat))
        {
            return ShrinkFolioUnderWriteback(page, kswapd, stat);
        }

        var references = FolioCheckReferences(page);
        if (references == PageReferences.Activate)
        {
            return Activate(page);
        }

        if (references == PageReferences.Keep)
        {
            return KeepLocked(page);
        }

        // try_to_unmap: a mapped file page loses its ptes (their dirtiness moves into PG_dirty
        // and their references go), so pageout and the freeze see only the cache's and ours.
        // Until 5.10 a pte young again since the check above fails it: activate_locked.
        if (!await kernel.Memory.TryToUnmap(page))
        {
            return Activate(page);
        }

        var mapping = page.Mapping;
        if (page.Dirty)
        {
            // Only kswapd writes filesystem pages (ee72886d8ed5, 3.2): ->writepage from deep in
            // an allocation risks the stack and the locks of whoever allocates. And kswapd only
            // once the flushers are seen to fall behind (3.11), on a page it meets the second
            // time (4.11): single-page writes from the LRU are the slow way to clean pages. The
            // page stays for the flusher, marked to be freed the moment its writeback ends.
            if (!MayWriteFsPage(page, kswapd))
            {
                page.Reclaim = true;
                return KeepOrActivateUnwritable(page);
            }

            // Referenced only through a system call since the last scan (2.6.34 on; before,
            // referenced at all in a file nobody maps, from 2.6): freed if clean, but not worth
            // a write from reclaim.
            if (references == PageReferences.ReclaimClean)
            {
                return KeepLocked(page);
            }

            // sc->may_writepage: off in laptop mode, so that reclaim does not spin the disk up.
            if (!mayWritepage)
            {
                return KeepLocked(page);
            }

            // 2.5.31 writes the mapping through ->vm_writeback and keeps the page.
            if (kernel.Era.ReclaimWritesThroughVmWriteback())
            {
                return await ShrinkCacheVmWriteback(page, mapping, stat);
            }

            switch (await Pageout(page, mapping, kswapd))
            {
                case PageoutResult.Keep:
                    return KeepLocked(page);
                case PageoutResult.Activate:
                    return Activate(page);
                case PageoutResult.Success:
                    // Unlocked by ->writepage. A synchronous write may have cleaned it already;
                    // otherwise it is freed on a later pass, once its writeback ends.
                    if (page.Writeback || page.Dirty || !await Filemap.FolioTrylock(page, generation))
                    {
                        return Keep(page);
                    }

                    if (page.Dirty || page.Writeback)
                    {
                        return KeepLocked(page);
                    }

                    mapping = page.Mapping;
                    break;
                case PageoutResult.Clean:
                    break;
            }
        }

        // Buffers (private data) go first, whatever the mask: the filesystem's ->releasepage is
        // handed it and must honour it. No dirty page and no page under writeback gets here.
        if (page.Buffers is not null && !await Filemap.TryToReleasePage(page, stat.GfpMask))
        {
            return kernel.Era.ReleasepageFailureActivates() ? Activate(page) : KeepLocked(page);
        }

        if (mapping is null || !await RemoveMapping(mapping, page, reclaimed: true))
        {
            return KeepLocked(page);
        }

        // Our reference and the page cache's were taken by the freeze in __remove_mapping.
        Filemap.FolioUnlock(page);
        page.RefCount = 0;
        Filemap.Free(page);
        if (kernel.Faults.ReclaimPutsFreedPage)
        {
            await Filemap.CondResched(new StepLabel(kernel.Names.PutPage, page.Index));
            Filemap.FolioPut(page, generation);
        }

        return ReclaimResult.Freed;
    }

    /// <summary>
    /// Write a dirty page from reclaim with -&gt;writepage, if nobody but us holds it and, in
    /// 2.6.20 to 2.6.36, this reclaimer may write to the page's queue
    /// (<see cref="MayWriteToQueue"/>; <paramref name="kswapd"/>: current_is_kswapd).
    /// </summary>
    [Models("mm/vmscan.c", "pageout", "6.9")]
    [Models("mm/vmscan.c", "pageout", "2.6.20")]
    [Models("mm/vmscan.c", "pageout (may_write_to_queue)", "2.6.36")]
    [Models("mm/vmscan.c", "pageout (a_ops->writepage == NULL: PAGE_ACTIVATE)", "2.6.36")]
    [Models("mm/vmscan.c", "pageout (a_ops->writepage == NULL: PAGE_ACTIVATE)", "6.9")]
    [Models("mm/vmscan.c", "shrink_list", "2.5.68")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<PageoutResult> Pageout(Page page, AddressSpace? mapping, bool kswapd)
    {
        // is_page_cache_freeable: referenced only by the page cache and by us.
        if (page.RefCount != IsolatedRefCount || mapping is null)
        {
            return PageoutResult.Keep;
        }

        // No ->writepage: PAGE_ACTIVATE, the page left dirty for the flusher's ->writepages.
        // Before the page is cleaned: a page cleaned here and not written is lost data.
        if (!mapping.Operations.HasWritepage)
        {
            if (kernel.Faults.PageoutCleansBeforeWritepageTest)
            {
                await kernel.PageWriteback.ClearPageDirtyForIo(page);
            }

            return PageoutWithoutWritepage();
        }

        // Not on a congested queue from an allocation that is not writing to it: PAGE_KEEP,
        // before the page is cleaned or marked PG_reclaim (keep_locked: it stays inactive).
        if (!MayWriteToQueue(kswapd))
        {
            return PageoutResult.Keep;
        }

        if (kernel.Era.HasPageLists())
        {
            // Cleaned under the page_lock and moved to locked_pages, where fdatawait finds it.
            await Filemap.XaLock(mapping, new StepLabel("shrink_list", page.Index));
            var cleaned = await kernel.PageWriteback.ClearPageDirtyForIo(page);
            if (cleaned)
            {
                mapping.Lists.MoveTo(page, PageListKind.Locked);
            }

            Filemap.XaUnlock();
            if (!cleaned)
            {
                return PageoutResult.Clean;
            }
        }
        else if (!await kernel.PageWriteback.ClearPageDirtyForIo(page))
        {
            return PageoutResult.Clean;
        }

        var wbc = new WritebackControl
        {
            SyncMode = WritebackSyncMode.None,
            NrToWrite = 32, // SWAP_CLUSTER_MAX
            RangeStart = 0,
            RangeEnd = WritebackControl.LLongMax,
            ForReclaim = true,
        };
        // Free it as soon as it is written (end_page_writeback rotates a PG_reclaim page).
        page.Reclaim = true;
        EntersFilesystem(mapping.Host, "->writepage (pageout)");
        var result = await mapping.Operations.Writepage(page, wbc);
        if (result < 0)
        {
            await HandleWriteError(mapping, page, result);
        }

        if (result == Errno.AOP_WRITEPAGE_ACTIVATE)
        {
            page.Reclaim = false;
            return PageoutResult.Activate;
        }

        // A synchronous write has ended already: nothing left to rotate.
        if (!page.Writeback && page.Reclaim)
        {
            page.Reclaim = false;
        }

        return PageoutResult.Success;
    }

    /// <summary>
    /// may_write_to_queue: whether this reclaimer may write a page of the model's one disk. Yes
    /// for kswapd (PF_SWAPWRITE), while the queue is not write-congested, and for a task inside a
    /// write(2) to the disk (current-&gt;backing_dev_info, <see cref="Filemap.CurrentBackingDevInfo"/>:
    /// "if this process is currently in generic_file_write() against this page's queue, we can
    /// perform writeback even if that will block"); otherwise no, in the eras that test it
    /// (<see cref="ReclaimEras.PageoutSkipsCongestedQueue"/>). So a direct or memcg reclaimer
    /// that is not writing leaves a congested disk's dirty pages to kswapd and the flushers
    /// rather than queue behind them. The lumpy-reclaim exception of 2.6.36 or 2.6.37 [I] (sc-&gt;order &gt;
    /// PAGE_ALLOC_COSTLY_ORDER) never applies: the model's allocations are of order 0. From
    /// 3.19 only kswapd reaches here with a filesystem page, so the era is asked only in
    /// 2.5.31 to 2.6.36.
    /// </summary>
    [Models("mm/vmscan.c", "may_write_to_queue", "2.6.20")]
    [Models("mm/vmscan.c", "may_write_to_queue", "2.6.36")]
    private bool MayWriteToQueue(bool kswapd)
    {
        // PF_SWAPWRITE; and no test at all where the era has none (2.5.31's shrink_list reads no
        // queue state: asking the era first keeps the model from reading it either).
        if (kswapd || !kernel.Era.PageoutSkipsCongestedQueue())
        {
            return true;
        }

        var bdi = kernel.BackingDev;
        if (!bdi.WriteCongested)
        {
            return true;
        }

        var writing = Filemap.CurrentBackingDevInfo() == bdi;
        ObserveCongestionGate(writing ? CongestionGate.WroteAsQueueWriter : CongestionGate.KeptForCongestedQueue);
        return writing;
    }

    /// <summary>
    /// Record a failed -&gt;writepage on the mapping. After -&gt;writepage nothing pins the
    /// mapping: truncate may have taken the page out and the inode may be gone. The reference
    /// reclaim holds keeps the page, and the page lock, once taken, pins its mapping: so lock it,
    /// and record the error only if the page is still in <paramref name="mapping"/>.
    /// </summary>
    [Models("mm/vmscan.c", "handle_write_error", "6.9")]
    [Models("mm/vmscan.c", "handle_write_error", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask HandleWriteError(AddressSpace mapping, Page page, int error)
    {
        var faults = kernel.Faults;
        if (faults.HandleWriteErrorSkipsPageLock)
        {
            // Nothing pins page->mapping between the test and the record: another CPU may
            // truncate the page and evict the inode in between.
            if (page.Mapping == mapping)
            {
                await Filemap.CondResched(new StepLabel("handle_write_error (page not locked)", page.Index));
                Filemap.MappingSetError(mapping, error);
            }

            return;
        }

        await Filemap.FolioLock(page);
        if ((page.Mapping == mapping || faults.HandleWriteErrorSkipsMappingCheck) && !faults.HandleWriteErrorDropsRecord)
        {
            Filemap.MappingSetError(mapping, error);
        }

        Filemap.FolioUnlock(page);
    }

    /// <summary>
    /// What the references found on a page reclaim has locked make of it. Before 2.6.34 any
    /// reference (a young pte, PG_referenced) activates a page whose mapping is mapped and
    /// otherwise, from 2.6.20 (<see cref="ActiveListEras.ReclaimKeepsReferencedDirtyPage"/>), keeps
    /// it unwritten if dirty and frees it if clean (a use-once page of a file nobody maps; 2.5.31
    /// writes it). From 2.6.34
    /// (<see cref="ActiveListEras.PageCheckReferences"/>): a page its ptes referenced is kept on
    /// the inactive list the first time, PG_referenced set, and activated when found referenced
    /// again (or through two ptes, which the model's one young bit cannot tell); a page only
    /// PG_referenced is reclaimed if clean (PAGEREF_RECLAIM_CLEAN). So a mapped page in use is
    /// kept, and one referenced once and then left goes on the next pass.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_cache (page_referenced && page_mapping_inuse)", "2.5.31")]
    [Models("mm/vmscan.c", "shrink_page_list (page_referenced && page_mapping_inuse)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_page_list (PageDirty: referenced, goto keep_locked)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_page_list (PageDirty: order <= PAGE_ALLOC_COSTLY_ORDER && referenced)", "2.6.29")]
    [Models("mm/vmscan.c", "page_check_references", "3.18")]
    [Models("mm/vmscan.c", "folio_check_references", "6.9")]
    private PageReferences FolioCheckReferences(Page page)
    {
        if (kernel.Faults.ReclaimIgnoresReferences)
        {
            return PageReferences.Reclaim;
        }

        if (!kernel.Era.PageCheckReferences())
        {
            var referenced = kernel.Rmap.FolioReferenced(page) > 0;
            if (referenced && PageMappingInuse(page))
            {
                return PageReferences.Activate;
            }

            // Referenced, but not in a mapped file: freed if clean, but a dirty one is kept
            // ("if (PageDirty(page)) { if (referenced) goto keep_locked;") from 2.6, unwritten
            // until reclaim meets it again unreferenced.
            return referenced && kernel.Era.ReclaimKeepsReferencedDirtyPage() && !kernel.Faults.ReclaimWritesReferencedDirtyPages
                ? PageReferences.ReclaimClean
                : PageReferences.Reclaim;
        }

        var referencedPtes = kernel.Rmap.FolioReferenced(page);
        var referencedFolio = page.PageReferenced;
        if (referencedFolio)
        {
            page.PageReferenced = false; // folio_test_clear_referenced
        }

        if (referencedPtes > 0)
        {
            // "All mapped pages start out with page table references from the instantiating
            // fault, so we need to look twice": mark it, and activate it the second time.
            page.PageReferenced = true;
            return referencedFolio || referencedPtes > 1 ? PageReferences.Activate : PageReferences.Keep;
        }

        return referencedFolio ? PageReferences.ReclaimClean : PageReferences.Reclaim;
    }

    /// <summary>
    /// Take a locked, isolated page out of its mapping if nobody else holds a reference and it is
    /// clean. Both are checked under the tree lock with the references frozen: a page that a
    /// racing folio_mark_dirty dirtied, or that a lookup just got, must not be freed. A page
    /// reclaim takes (<paramref name="reclaimed"/>, shrink_folio_list's call; not remove_mapping's
    /// for invalidation) leaves a shadow entry at its index, unless the inode is being evicted
    /// (mapping_exiting: the model's I_FREEING stands for AS_EXITING, which evict's
    /// truncate_inode_pages_final sets), in the eras that keep shadows
    /// (<see cref="ShrinkerEras.ReclaimLeavesShadowEntries"/>). From 5.16 the inode whose cache this
    /// emptied is queued on the inode LRU (<see cref="Filemap.InodeAddLruIfShrinkable"/>).
    /// </summary>
    [Models("mm/vmscan.c", "__remove_mapping", "6.9")]
    [Models("mm/vmscan.c", "__remove_mapping (reclaimed: workingset_eviction's shadow)", "6.9")]
    [Models("mm/vmscan.c", "remove_mapping", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_cache (page_count 2 and PageDirty under mapping->page_lock)", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> RemoveMapping(AddressSpace mapping, Page page, bool reclaimed = false)
    {
        var name = kernel.Names.RemoveMapping;
        Bug.On(!page.Locked, name, $"{page} is not locked");
        Bug.On(page.Mapping != mapping, name, $"{page} is not in {mapping}");
        await Filemap.XaLock(mapping, new StepLabel(name, page.Index));
        if (page.RefCount != IsolatedRefCount || (page.Dirty && !kernel.Faults.ReclaimSkipsDirtyRecheck))
        {
            Filemap.XaUnlock();
            return false;
        }

        Filemap.FilemapRemoveFolioUnderLock(page, mapping);
        if (reclaimed && kernel.Era.ReclaimLeavesShadowEntries() && !mapping.Host.Freeing)
        {
            mapping.StoreShadow(page.Index);
        }

        Filemap.XaUnlock();
        Filemap.InodeAddLruIfShrinkable(mapping);
        return true;
    }

    /// <summary>
    /// activate_locked: PG_active set, so that the put-back puts the page at the active list's
    /// head; unlocked, our reference dropped.
    /// </summary>
    private ReclaimResult Activate(Page page)
    {
        page.Active = true;
        Filemap.FolioUnlock(page);
        Filemap.FolioPut(page);
        return ReclaimResult.Activated;
    }

    /// <summary>
    /// A page this reclaim cannot free yet, under writeback or dirty for the flusher: kept on the
    /// inactive list (keep_locked) until 4.11, activated from then
    /// (<see cref="ReclaimEras.ReclaimActivatesPagesItCannotWrite"/>) so that the scan goes on to
    /// clean pages.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_page_list (PageWriteback, PageDirty: goto keep_locked)", "3.18")]
    [Models("mm/vmscan.c", "shrink_page_list (PageWriteback, PageDirty: goto activate_locked)", "4.19")]
    [Models("mm/vmscan.c", "shrink_folio_list (folio_test_writeback, folio_test_dirty: goto activate_locked)", "6.9")]
    private ReclaimResult KeepOrActivateUnwritable(Page page) =>
        kernel.Era.ReclaimActivatesPagesItCannotWrite() ? Activate(page) : KeepLocked(page);

    private ReclaimResult KeepLocked(Page page)
    {
        Filemap.FolioUnlock(page);
        return Keep(page);
    }

    private ReclaimResult Keep(Page page)
    {
        Filemap.FolioPut(page);
        return ReclaimResult.Kept;
    }
}
