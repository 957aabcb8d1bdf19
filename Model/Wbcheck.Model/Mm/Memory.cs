using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/memory.c: stores through a shared file mapping, the write fault that makes a read-only pte
/// writable (calling the filesystem's -&gt;page_mkwrite where the vm_ops have one), and unmapping,
/// which moves a dirty pte's dirtiness into PG_dirty. msync's pte walk (2.5) is here too; the
/// faults on a missing pte are in Memory.Fault.cs.
/// </summary>
public sealed partial class Memory(Kernel kernel)
{
    private IKernelRuntime Runtime => kernel.Runtime;

    /// <summary>
    /// mmap(MAP_SHARED, PROT_WRITE) of the whole file: the filesystem's -&gt;mmap hands the vma its
    /// vm_ops (<paramref name="vmOps"/>; null for none). The model keeps one vma a file.
    /// </summary>
    [Models("mm/mmap.c", "mmap_region", "6.9")]
    [Models("mm/filemap.c", "generic_file_mmap", "6.9")]
    public PageTable Mmap(Inode inode, IVmOperations? vmOps)
    {
        var vma = new PageTable(inode.Mapping, vmOps);
        inode.Mapping.IMmap = vma;
        return vma;
    }

    /// <summary>
    /// Map a cached page, as a read fault does (the pte takes a reference on the page). A shared
    /// mapping's pte starts read-only where the era tracks shared dirty pages; before, the vma's
    /// write permission went straight into it (maybe_mkwrite), so stores never faulted again.
    /// </summary>
    [Models("mm/memory.c", "finish_fault", "6.9")]
    [Models("mm/memory.c", "do_no_page", "2.5.31")]
    public Pte MapPage(PageTable vma, Page page) => MapPage(vma, page, stored: false);

    /// <summary>
    /// Map a cached page; with <paramref name="stored"/>, as it is after a write fault and a store
    /// through it: writable, and dirty (where the era tracks shared dirty pages the fault has
    /// dirtied the page too: the caller sets the page up dirty).
    /// </summary>
    public Pte MapPage(PageTable vma, Page page, bool stored)
    {
        var pte = SetPte(vma, page, write: stored);
        if (stored)
        {
            StoreAndCommit(page);
        }

        return pte;
    }

    /// <summary>
    /// Install the pte of a fault on a missing pte, with the reference it holds on the page. A
    /// write fault's pte is writable and dirty ("maybe_mkwrite(pte_mkdirty(entry))": the store
    /// comes next); a read fault's is read-only where the era tracks shared dirty pages, else
    /// writable from the start (the vma's protection), and clean.
    /// </summary>
    [Models("mm/memory.c", "set_pte_range (finish_fault)", "6.9")]
    [Models("mm/memory.c", "do_no_page (mk_pte, maybe_mkwrite)", "2.6.20")]
    private Pte SetPte(PageTable vma, Page page, bool write)
    {
        Filemap.FolioGet(page);
        var pte = new Pte(page, write: write || !kernel.Era.TracksSharedDirty(), dirty: write);
        vma.Set(page.Index, pte);
        return pte;
    }

    /// <summary>
    /// A thread stores to page <paramref name="index"/> through <paramref name="vma"/>: through a
    /// writable pte it just happens (the hardware sets the dirty bit, no fault); a missing pte takes
    /// the fault with write access (<see cref="DoSharedFault"/>), a read-only one the write fault
    /// (<see cref="DoWpPage"/>), and the store is tried again. Returns
    /// false when there is no page to store to (past EOF: SIGBUS; or none could be read in) or a
    /// fault gave SIGBUS (a failed -&gt;page_mkwrite).
    /// </summary>
    [Models("mm/memory.c", "handle_pte_fault", "6.9")]
    [Models("mm/memory.c", "handle_pte_fault", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> Store(PageTable vma, long index)
    {
        while (true)
        {
            await Runtime.Schedule(PointKind.Yield, new StepLabel("store", index));
            var pte = vma.Lookup(index);
            if (pte is null)
            {
                // The fault with write access: the pte comes in writable, and the store is tried
                // again through it.
                if (!await DoSharedFault(vma, index))
                {
                    return false;
                }

                continue;
            }

            // Truncate and reclaim (try_to_unmap) unmap a page under its lock before removing
            // it: a pte never outlives its page's place in the file.
            Bug.On(pte.Page.Mapping != vma.Mapping, "handle_pte_fault", $"{pte} maps a page that left {vma.Mapping}");

            if (!pte.Write)
            {
                if ((await DoWpPage(vma, pte) & VmFault.SigBus) != 0)
                {
                    return false;
                }

                continue;
            }

            // The store itself: the data changes and the hardware dirties the pte, in one step.
            StoreAndCommit(pte.Page);
            pte.Dirty = true;
            return true;
        }
    }

    /// <summary>
    /// The write fault on a read-only pte of a shared mapping. -&gt;page_mkwrite runs first, with
    /// no pte lock held (it may sleep: lock the page, wait for stable pages); then under the pte
    /// lock, if the pte is unchanged, it becomes writable and dirty; then the page is marked
    /// dirty. Until 3.19 that last step ran with the page unlocked (2.6.29 waited for the page
    /// lock to be free first, closing the race with clear_page_dirty_for_io; the race with
    /// truncate stayed open until 2d6d7f982846 held the lock across it), except after a
    /// -&gt;page_mkwrite that returned the page locked (2.6.30, b827e496c893), which dirtied it
    /// before unlocking it. Before 2.6.30 -&gt;page_mkwrite ran and returned with the page
    /// unlocked, and the fault took no page lock of its own. Returns
    /// <see cref="VmFault.SigBus"/> when the access is to fail (<see cref="PageMkwriteError"/>),
    /// else 0: the pte is writable, or the access is to be tried again.
    /// </summary>
    [Models("mm/memory.c", "do_wp_page", "6.9")]
    [Models("mm/memory.c", "wp_page_shared", "6.9")]
    [Models("mm/memory.c", "fault_dirty_shared_page", "6.9")]
    [Models("mm/memory.c", "do_wp_page", "2.6.36")]
    [Models("mm/memory.c", "do_wp_page", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> DoWpPage(PageTable vma, Pte pte)
    {
        var page = pte.Page;
        var filemap = kernel.Filemap;
        var era = kernel.Era;
        Filemap.FolioGet(page); // get_page(dirty_page)
        var locked = false;
        if (vma.VmOps is { HasPageMkwrite: true } vmOps)
        {
            var result = await vmOps.PageMkwrite(vma, page);
            if (PageMkwriteError(result) is not 0 and var error)
            {
                // unwritable_page: the reference dropped, nothing made writable.
                filemap.FolioPut(page);
                return error & VmFault.SigBus;
            }

            locked = (result & VmFault.Locked) != 0;
            if (!locked && era.PageMkwriteReturnsLocked())
            {
                // "if (!(tmp & VM_FAULT_LOCKED)) lock_page(); if (!page->mapping) ... retry".
                await filemap.FolioLock(page);
                locked = true;
                if (page.Mapping is null)
                {
                    filemap.FolioUnlock(page);
                    filemap.FolioPut(page);
                    return 0;
                }
            }
        }

        await PteLock(vma, new StepLabel(kernel.Names.DoWpPage, page.Index));
        if (vma.Lookup(page.Index) != pte || pte.Write)
        {
            // Zapped, or made writable by another fault, while the pte lock was dropped.
            PteUnlock(vma);
            if (locked)
            {
                filemap.FolioUnlock(page);
            }

            filemap.FolioPut(page);
            return 0;
        }

        pte.Write = true; // maybe_mkwrite(pte_mkdirty(entry))
        pte.Dirty = true;
        PteUnlock(vma);

        // From 2d6d7f982846 every write fault dirties the page under its lock; from
        // b827e496c893 the one whose ->page_mkwrite left it locked already did ("if
        // (page_mkwrite) { set_page_dirty(dirty_page); unlock_page(dirty_page); }").
        if (era.DirtierLocksPage() || (locked && era.PageMkwriteReturnsLocked() && !kernel.Faults.WpPageMkwriteDirtiesUnlocked))
        {
            if (!locked)
            {
                await filemap.FolioLock(page);
            }

            await kernel.PageWriteback.FolioMarkDirty(page);
            filemap.FolioUnlock(page);
        }
        else
        {
            if (locked)
            {
                filemap.FolioUnlock(page);
            }

            if (era.FaultWaitsOnPageLocked())
            {
                // "Yes, Virginia": a clear_page_dirty_for_io that already ran page_mkclean holds
                // the page lock until its ->writepage; dirtying after it redirties the page.
                await WaitOnPageLocked(page);
            }

            // Nothing holds the page between here and its PG_dirty: truncate may lock it and
            // cancel its dirtiness first (2d6d7f982846's race).
            await Runtime.Schedule(PointKind.Yield, new StepLabel("set_page_dirty_balance", page.Index));
            await kernel.PageWriteback.FolioMarkDirty(page);
        }

        filemap.FolioPut(page);
        return 0;
    }

    /// <summary>
    /// What a fault makes of a -&gt;page_mkwrite that returned <paramref name="result"/>: 0 when
    /// it succeeded, else <see cref="VmFault.NoPage"/> (the access is tried again) or
    /// <see cref="VmFault.SigBus"/>. From 2.6.30 the filesystem's own code stands; before, its
    /// prototype returned 0 or -errno and the fault made any error SIGBUS, a page truncated or
    /// punched away under it too (<see cref="PageTableEras.PageMkwriteCanRetry"/>).
    /// </summary>
    [Models("mm/memory.c", "do_page_mkwrite (VM_FAULT_ERROR | VM_FAULT_NOPAGE)", "6.9")]
    [Models("mm/memory.c", "do_wp_page (VM_FAULT_ERROR | VM_FAULT_NOPAGE: unwritable_page)", "2.6.36")]
    [Models("mm/memory.c", "do_wp_page (page_mkwrite < 0: unwritable_page, VM_FAULT_SIGBUS)", "2.6.20")]
    [Models("mm/memory.c", "do_no_page (page_mkwrite < 0: VM_FAULT_SIGBUS)", "2.6.20")]
    private int PageMkwriteError(int result)
    {
        var error = result & (VmFault.SigBus | VmFault.NoPage);
        return error == 0 || kernel.Era.PageMkwriteCanRetry() ? error : VmFault.SigBus;
    }

    /// <summary>
    /// Remove the ptes of pages [<paramref name="first"/>, <paramref name="last"/>] of the mapping
    /// under the pte lock: a dirty pte's dirtiness goes into PG_dirty (set_page_dirty, no page
    /// lock, so it re-checks the mapping under the tree lock), a young pte's access is passed on
    /// to the page (<see cref="PassOnYoungPte"/>), and each pte's reference on its page is dropped
    /// once the lock is released (the TLB batch frees them).
    /// </summary>
    [Models("mm/memory.c", "zap_pte_range", "6.9")]
    [Models("mm/memory.c", "zap_pte_range", "2.6.20")]
    public ValueTask ZapPteRange(PageTable vma, long first, long last) => ZapPtes(vma, first, last, refusal: null);

    /// <summary>
    /// <see cref="ZapPteRange"/>, or reclaim's unmap of one page (<paramref name="refusal"/> not
    /// null), which in an era that refuses a pte young again leaves the pte, its young bit
    /// cleared, and says so in <paramref name="refusal"/>. (A holder rather than a result keeps
    /// the zap path, truncate's and munmap's, one frame deep.)
    /// </summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask ZapPtes(PageTable vma, long first, long last, UnmapRefusal? refusal)
    {
        var tryToUnmap = refusal is not null;
        await PteLock(vma, new StepLabel("zap_pte_range", first));
        if (refusal is not null && kernel.Era.TryToUnmapFailsOnYoungPte() && vma.Lookup(first) is { } young && young.Page.Referenced)
        {
            // ptep_clear_flush_young: the test clears the bit; SWAP_FAIL, the pte stays.
            young.Page.Referenced = false;
            PteUnlock(vma);
            refusal.YoungPte = true;
            return;
        }

        var zapped = new List<Page>();
        foreach (var (index, pte) in vma.PresentIn(first, last))
        {
            vma.Remove(index);
            zapped.Add(pte.Page);
            if (pte.Dirty && !kernel.Faults.ZapDropsDirtyPte)
            {
                await kernel.PageWriteback.FolioMarkDirty(pte.Page);
            }

            PassOnYoungPte(pte.Page, tryToUnmap);
        }

        PteUnlock(vma);
        foreach (var page in zapped)
        {
            kernel.Filemap.FolioPut(page);
        }
    }

    /// <summary>Reclaim's unmap refused: the pte was young again (<see cref="TryToUnmap"/>).</summary>
    private sealed class UnmapRefusal
    {
        public bool YoungPte { get; set; }
    }

    /// <summary>
    /// The pte that maps <paramref name="page"/> goes, and its young bit with it (the model keeps
    /// one bit for the page's ptes, and one vma a file: none is left). zap_pte_range passes the
    /// access on with mark_page_accessed where the era does
    /// (<see cref="ActiveListEras.ZapMarksPageAccessed"/>); reclaim's try_to_unmap_one clears the
    /// pte and passes on only its dirtiness (6.9 [R]; until 5.10 it refused a pte young again:
    /// <see cref="TryToUnmap"/>).
    /// </summary>
    [Models("mm/memory.c", "zap_pte_range (pte_young: mark_page_accessed)", "2.6.20")]
    [Models("mm/memory.c", "zap_present_folio_ptes (pte_young: folio_mark_accessed)", "6.9")]
    private void PassOnYoungPte(Page page, bool tryToUnmap)
    {
        if (!page.Referenced)
        {
            return;
        }

        page.Referenced = false;
        if (!tryToUnmap && kernel.Era.ZapMarksPageAccessed())
        {
            kernel.Vmscan.MarkPageAccessed(page);
        }
    }

    /// <summary>
    /// Unmap one locked page that truncate is about to remove (from d00806b18315): a fault may
    /// have mapped it again since truncate's unmap_mapping_range.
    /// </summary>
    [Models("mm/memory.c", "unmap_mapping_folio", "6.9")]
    [Models("mm/memory.c", "unmap_mapping_range (one page)", "2.6.23")]
    public ValueTask UnmapMappingFolio(Page page) => UnmapFolio(page, refusal: null);

    /// <summary>
    /// Reclaim's try_to_unmap of a locked page it means to free: its pte goes as in
    /// <see cref="UnmapMappingFolio"/>, its dirtiness into PG_dirty, but its young bit is not
    /// passed on (<see cref="PassOnYoungPte"/>). Until 5.10 a pte found young again (a store
    /// since reclaim's reference check) fails the unmap instead: false, the bit cleared, the pte
    /// kept (<see cref="ReclaimEras.TryToUnmapFailsOnYoungPte"/>).
    /// </summary>
    [Models("mm/rmap.c", "try_to_unmap_one", "6.9")]
    [Models("mm/rmap.c", "try_to_unmap_one (!(flags & TTU_IGNORE_ACCESS): SWAP_FAIL)", "4.19")]
    [Models("mm/rmap.c", "try_to_unmap_one (ptep_clear_flush_young: SWAP_FAIL)", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> TryToUnmap(Page page)
    {
        var refusal = new UnmapRefusal();
        await UnmapFolio(page, refusal);
        return !refusal.YoungPte;
    }

    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask UnmapFolio(Page page, UnmapRefusal? refusal)
    {
        if (page.Mapping?.IMmap is { } vma && vma.Lookup(page.Index) is { } pte && pte.Page == page)
        {
            await ZapPtes(vma, page.Index, page.Index, refusal);
        }
    }

    /// <summary>munmap of the file's shared mapping: zap every pte, then the vma leaves i_mmap.</summary>
    [Models("mm/mmap.c", "do_vmi_munmap", "6.9")]
    [Models("mm/mmap.c", "do_munmap", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask Munmap(PageTable vma)
    {
        vma.Unmapped = true;
        await ZapPteRange(vma, 0, long.MaxValue);
        if (vma.Mapping.IMmap == vma)
        {
            vma.Mapping.IMmap = null;
        }
    }

    /// <summary>
    /// Truncate's first step: zap the ptes of every page from <paramref name="start"/> on in every
    /// vma of the file, so that no pte maps a page truncate is about to remove.
    /// </summary>
    [Models("mm/memory.c", "unmap_mapping_range", "6.9")]
    [Models("mm/memory.c", "unmap_mapping_range", "2.6.20")]
    [Models("mm/memory.c", "vmtruncate (zap_page_range of i_mmap_shared)", "2.5.31")]
    public ValueTask UnmapMappingRange(AddressSpace mapping, long start) => UnmapMappingRange(mapping, start, long.MaxValue);

    /// <summary>
    /// Zap the ptes of pages [<paramref name="first"/>, <paramref name="last"/>] in every vma of
    /// the file, as a hole punch does before it removes the pages (truncate_pagecache_range;
    /// vmtruncate_range in 2.6.20).
    /// </summary>
    [Models("mm/memory.c", "unmap_mapping_range (holebegin, holelen)", "6.9")]
    [Models("mm/memory.c", "unmap_mapping_range (holebegin, holelen)", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask UnmapMappingRange(AddressSpace mapping, long first, long last)
    {
        // "Protect against page faults": a fault without the page lock that looked its page up
        // before this sees the count move under the pte lock (2.6.20) and looks again.
        mapping.TruncateCount++;
        if (mapping.IMmap is { } vma)
        {
            await ZapPteRange(vma, first, last);
        }
    }

    /// <summary>
    /// The pte side of msync(MS_SYNC), before fsync: in 2.5 filemap_sync walked the ptes and moved
    /// each dirty bit into PG_dirty (the data stored so far becomes what fsync owes); from 2.6.19
    /// msync is fsync alone, the write faults having dirtied the pages already.
    /// </summary>
    [Models("mm/msync.c", "filemap_sync_pte", "2.5.31")]
    [Models("mm/msync.c", "sys_msync", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask Msync(PageTable vma, long first, long last)
    {
        if (kernel.Era.TracksSharedDirty())
        {
            return;
        }

        await PteLock(vma, new StepLabel("filemap_sync", first));
        foreach (var (_, pte) in vma.PresentIn(first, last))
        {
            if (pte.Dirty)
            {
                pte.Dirty = false;
                await kernel.PageWriteback.FolioMarkDirty(pte.Page);
                Commit(pte.Page, pte.Page.Version);
            }
        }

        PteUnlock(vma);
    }

    /// <summary>
    /// The race scenarios' write fault on a page of a shared mapping: a store through the file's
    /// mapping (made now if the file has none), faulting the pte in if it is missing and taking
    /// the write fault if it is read-only. In 2.5, where the store dirties only the pte, it
    /// stands for the store and the msync(MS_ASYNC) after it, whose filemap_sync sets PG_dirty
    /// with no page lock ("it's not possible to lock against that").
    /// </summary>
    [Models("mm/memory.c", "wp_page_shared", "6.9")]
    [Models("mm/memory.c", "do_wp_page", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WpPageShared(Page page)
    {
        if (page.Mapping is not { } mapping)
        {
            return;
        }

        var vma = mapping.IMmap ?? Mmap(mapping.Host, mapping.Operations as IVmOperations);
        if (await Store(vma, page.Index) && !kernel.Era.TracksSharedDirty())
        {
            await Msync(vma, page.Index, page.Index);
        }
    }

    /// <summary>Spin for the pte lock: a preemption point, then the lock (others spin meanwhile).</summary>
    [Models("include/linux/mm.h", "pte_offset_map_lock", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask PteLock(PageTable vma, StepLabel label)
    {
        await Runtime.Schedule(PointKind.SpinLock, label);
        while (vma.PtlHeld)
        {
            await Runtime.Sleep(vma.PtlQueue, label);
        }

        vma.PtlHeld = true;
        vma.PtlQueue.Holder = Runtime.Current;
    }

    [Models("include/linux/mm.h", "pte_unmap_unlock", "6.9")]
    internal void PteUnlock(PageTable vma)
    {
        vma.PtlHeld = false;
        vma.PtlQueue.Holder = null;
        Runtime.WakeAll(vma.PtlQueue);
    }

    /// <summary>Sleep until PG_locked is clear, without taking it.</summary>
    [Models("include/linux/pagemap.h", "wait_on_page_locked", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WaitOnPageLocked(Page page)
    {
        var label = new StepLabel("wait_on_page_locked", page.Index);
        await Runtime.Schedule(PointKind.Wait, label);
        while (page.Locked)
        {
            await Runtime.Sleep(page.LockQueue, label);
        }
    }

    private static long StoreData(Page page)
    {
        if (page.Mapping is { } mapping)
        {
            page.Version = ++mapping.Host.VersionClock;
        }

        // A store through the mapping may land past EOF in the last page: the tail is no
        // longer known to be zero, so writeback must zero it again.
        page.ZeroFrom = Page.PageSize;

        // The access sets the pte's young bit, which reclaim's folio_referenced looks for.
        page.Referenced = true;
        return page.Version;
    }

    /// <summary>
    /// A store through a pte: the data changes. From 2.6.19 msync(MS_SYNC) is fsync, and fsync
    /// owes the file what was stored through its mappings before it; before, only what msync's
    /// filemap_sync moved into PG_dirty.
    /// </summary>
    private void StoreAndCommit(Page page)
    {
        var version = StoreData(page);
        if (kernel.Era.TracksSharedDirty())
        {
            Commit(page, version);
        }
    }

    private static void Commit(Page page, long version) => page.CommittedVersion = Math.Max(page.CommittedVersion, version);
}
