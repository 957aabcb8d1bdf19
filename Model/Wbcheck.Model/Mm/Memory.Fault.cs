using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Locking;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/memory.c: the faults on a missing pte of a shared file mapping. A load takes the read fault
/// (<see cref="DoReadFault"/>); a store, or get_user_pages for writing, takes one fault with write
/// access (<see cref="DoSharedFault"/>), which maps the page writable and dirties it at once. The
/// write fault on a pte already there, read-only, is <see cref="DoWpPage"/>.
/// </summary>
public sealed partial class Memory
{
    /// <summary>
    /// The read fault on a missing pte: the page found, or read in from the disk when it is not
    /// cached, and locked by -&gt;fault (<see cref="FilemapFault"/>), then mapped (read-only where
    /// the era tracks shared dirty pages) unless truncate took it meanwhile or it lies past EOF
    /// (SIGBUS). From the 2.6.29 era (2.6.23) the page is locked from the lookup to the pte
    /// (<see cref="PageTableEras.FaultLocksPage"/>); before, see <see cref="DoNoPageUnlocked"/>.
    /// From the 3.19 era the wait for the page lock is killable
    /// (<see cref="OomEras.FaultLocksPageKillably"/>): false when a task with a fatal signal
    /// pending gives the fault up rather than wait for a held lock.
    /// </summary>
    [Models("mm/memory.c", "do_read_fault", "6.9")]
    [Models("mm/filemap.c", "lock_folio_maybe_drop_mmap (FAULT_FLAG_KILLABLE)", "6.9")]
    [Models("mm/filemap.c", "__lock_page_or_retry (FAULT_FLAG_KILLABLE)", "3.18")]
    [Models("mm/memory.c", "finish_fault", "6.9")]
    [Models("mm/memory.c", "__do_fault (the page locked by filemap_fault)", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> DoReadFault(PageTable vma, long index)
    {
        if (!kernel.Era.FaultLocksPage() || kernel.Faults.FaultMapsUnlockedPage)
        {
            return await DoNoPageUnlocked(vma, index, write: false);
        }

        if (await FilemapFault(vma, index) is not { } page)
        {
            return false;
        }

        if (vma.Lookup(index) is null)
        {
            SetPte(vma, page, write: false);
        }

        kernel.Filemap.FolioUnlock(page);
        kernel.Filemap.FolioPut(page);
        return true;
    }

    /// <summary>
    /// -&gt;fault (__do_fault's call), for a load and a store alike: filemap_fault finds the page,
    /// or reads it in when it is not cached, and returns it locked and checked
    /// (<see cref="LockFaultPage"/>). The read-in is held off a hole punch by the era's lock: the
    /// filesystem's own around all of filemap_fault (<see cref="IVmOperations.FaultLock"/>,
    /// ext4_filemap_fault's i_mmap_sem, 4.5 to 5.14), then the mapping's invalidate_lock on the
    /// read-in path from 5.15; before 4.5 by nothing. Null, with nothing held, when there is no
    /// page to map.
    /// </summary>
    [Models("mm/memory.c", "__do_fault (vma->vm_ops->fault)", "6.9")]
    [Models("fs/ext4/inode.c", "ext4_filemap_fault", "4.5")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<Page?> FilemapFault(PageTable vma, long index)
    {
        // ext4_filemap_fault holds its i_mmap_sem shared around filemap_fault.
        var fsLock = await kernel.Filemap.DownReadUnlessSkipped(vma.VmOps?.FaultLock(vma.Mapping.Host), index, kernel.Faults.FaultSkipsInvalidateLock);
        var locked = await LockFaultPage(vma, index);
        fsLock?.UpRead(Runtime);
        return locked;
    }

    /// <summary>
    /// The fault with write access on a missing pte of a shared mapping: the page found, or read
    /// in, and locked as for a read, under the same locks (<see cref="FilemapFault"/>: __do_fault
    /// calls -&gt;fault whatever the access), then -&gt;page_mkwrite with the page
    /// unlocked (<see cref="DoPageMkwrite"/>), then the pte put in writable and dirty, then the
    /// page marked dirty. The dirtying is the era's: under the page lock from b827e496c893
    /// (<see cref="PageTableEras.SharedFaultDirtiesLocked"/>), after the unlock before it, where
    /// truncate may take the page in between (2d6d7f982846's race). Before the page lock
    /// (2.5.31, 2.6.20), see <see cref="DoNoPageUnlocked"/>. True when the access is to be tried
    /// again (the pte is in, or a retry may find the page); false when there is no page to map
    /// (past EOF, truncated, no memory to read it in, or the vma is gone) or -&gt;page_mkwrite failed the
    /// access with SIGBUS (<see cref="PageMkwriteError"/>).
    /// </summary>
    [Models("mm/memory.c", "do_shared_fault", "6.9")]
    [Models("mm/memory.c", "fault_dirty_shared_page", "6.9")]
    [Models("mm/memory.c", "do_shared_fault", "3.19")]
    [Models("mm/memory.c", "__do_fault (FAULT_FLAG_WRITE on a VM_SHARED vma)", "2.6.36")]
    [Models("mm/memory.c", "__do_fault (FAULT_FLAG_WRITE on a VM_SHARED vma)", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> DoSharedFault(PageTable vma, long index)
    {
        if (!kernel.Era.FaultLocksPage() || kernel.Faults.FaultMapsUnlockedPage)
        {
            return await DoNoPageUnlocked(vma, index, write: true);
        }

        if (await FilemapFault(vma, index) is not { } page)
        {
            return false;
        }

        var filemap = kernel.Filemap;
        if (vma.VmOps is { HasPageMkwrite: true } vmOps)
        {
            filemap.FolioUnlock(page);
            if (await DoPageMkwrite(vma, vmOps, page) is not 0 and var error)
            {
                // VM_FAULT_NOPAGE, or truncated while unlocked: the access is tried again;
                // VM_FAULT_SIGBUS: it fails.
                filemap.FolioPut(page);
                return (error & VmFault.SigBus) == 0;
            }
        }

        // pte_same (finish_fault's pte_none): another fault may have put a pte in meanwhile.
        var dirty = !vma.Unmapped && vma.Lookup(index) is null;
        if (dirty)
        {
            SetPte(vma, page, write: true);
        }

        if (dirty && kernel.Era.SharedFaultDirtiesLocked() && !kernel.Faults.SharedFaultDirtiesUnlocked)
        {
            await kernel.PageWriteback.FolioMarkDirty(page);
            filemap.FolioUnlock(page);
        }
        else
        {
            filemap.FolioUnlock(page);
            if (dirty)
            {
                // set_page_dirty_balance after the unlock: nothing but the reference holds the
                // page, so truncate may lock it and cancel its dirtiness first.
                await Runtime.Schedule(PointKind.Yield, new StepLabel("set_page_dirty_balance", page.Index));
                await kernel.PageWriteback.FolioMarkDirty(page);
            }
        }

        filemap.FolioPut(page);
        return !vma.Unmapped;
    }

    /// <summary>
    /// The page of a fault on a missing pte, with a reference and locked, as filemap_fault returns
    /// it (filemap_nopage's find_lock_page from d00806b18315): looked up, read in first if it is
    /// not cached (page_cache_read; __filemap_get_folio(FGP_CREAT) and filemap_read_folio in 6.x), locked (killably
    /// from the 3.19 era), and checked again under the lock, since truncate may have taken it or
    /// moved i_size below it meanwhile. From 5.15 the read-in holds the mapping's
    /// invalidate_lock shared, from before the lookup that creates the page until the checks
    /// under the page lock (730633f0b7f9's mapping_locked; only when the page was not cached), so
    /// a hole punch holding it exclusive cannot have a page read back in from blocks it is about
    /// to free. Null, with nothing held, when there is none to map.
    /// </summary>
    [Models("mm/filemap.c", "filemap_fault", "6.9")]
    [Models("mm/filemap.c", "filemap_fault (page_cache_read, then retry_find)", "4.19")]
    [Models("mm/filemap.c", "filemap_nopage (find_lock_page, i_size rechecked under the page lock)", "2.6.23")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<Page?> LockFaultPage(PageTable vma, long index)
    {
        var mapping = vma.Mapping;
        if (vma.Unmapped || index >= mapping.Host.SizePages)
        {
            return null;
        }

        RwSemaphore? invalidateLock = null;
        var page = mapping.Pages.Load(index);
        if (page is null)
        {
            // A major fault; a cached page is mapped under its page lock alone.
            invalidateLock = await kernel.Filemap.InvalidateLockShared(mapping, index, kernel.Faults.FaultSkipsInvalidateLock);

            if (!await kernel.Filemap.PageCacheRead(mapping, index) || mapping.Pages.Load(index) is not { } read)
            {
                invalidateLock?.UpRead(Runtime);
                return null;
            }

            page = read;
        }

        Filemap.FolioGet(page); // the page-cache lookup's reference
        var locked = await LockAndRecheck(vma, index, page);
        invalidateLock?.UpRead(Runtime);
        return locked;
    }

    /// <summary>
    /// <see cref="LockFaultPage"/>'s page, with the lookup's reference, locked and checked again:
    /// still in the file and inside i_size, the vma still there. Null, with the page unlocked and
    /// the reference dropped, otherwise.
    /// </summary>
    [Models("mm/filemap.c", "filemap_fault (lock_folio_maybe_drop_mmap, folio->mapping and max_idx rechecked)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<Page?> LockAndRecheck(PageTable vma, long index, Page page)
    {
        var mapping = vma.Mapping;
        var filemap = kernel.Filemap;
        if (kernel.Era.FaultLocksPageKillably())
        {
            // lock_folio_maybe_drop_mmap (lock_page_or_retry from 2.6.37) with
            // FAULT_FLAG_KILLABLE: a killed task gives the fault up (VM_FAULT_RETRY), and dies
            // on its way back to user space.
            if (await filemap.FolioLockKillable(page) < 0)
            {
                filemap.FolioPut(page);
                return null;
            }
        }
        else
        {
            await filemap.FolioLock(page);
        }

        if (page.Mapping == mapping && index < mapping.Host.SizePages && !vma.Unmapped)
        {
            return page;
        }

        filemap.FolioUnlock(page);
        filemap.FolioPut(page);
        return null;
    }

    /// <summary>
    /// -&gt;page_mkwrite on the fault's page, which the caller has unlocked; 0 with the page
    /// locked again and still in its file, else with it unlocked: <see cref="VmFault.NoPage"/>
    /// (the filesystem's, or truncate took it meanwhile: the fault is retried) or
    /// <see cref="VmFault.SigBus"/> (the filesystem's, or before 2.6.30 any failure of it:
    /// <see cref="PageMkwriteError"/>). From b827e496c893 the filesystem may return it
    /// locked (VM_FAULT_LOCKED); otherwise, and always before, the fault locks it again and looks
    /// only at page-&gt;mapping: 2.6.23 to 2.6.29's "XXX: this is not quite right (racy vs
    /// invalidate) to unlock and relock the page like this" (d0217ac04ca6 unlocked it around the
    /// call, which d00806b18315 had made with the page locked).
    /// </summary>
    [Models("mm/memory.c", "do_page_mkwrite", "6.9")]
    [Models("mm/memory.c", "__do_fault (unlock_page, ->page_mkwrite, VM_FAULT_LOCKED or lock_page)", "2.6.36")]
    [Models("mm/memory.c", "__do_fault (unlock_page, ->page_mkwrite, lock_page, !page->mapping)", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> DoPageMkwrite(PageTable vma, IVmOperations vmOps, Page page)
    {
        var filemap = kernel.Filemap;
        var result = await vmOps.PageMkwrite(vma, page);
        if (PageMkwriteError(result) is not 0 and var error)
        {
            return error;
        }

        if ((result & VmFault.Locked) != 0)
        {
            if (kernel.Era.PageMkwriteReturnsLocked())
            {
                return 0;
            }

            // Before b827e496c893 ->page_mkwrite returned the page unlocked; the fault's
            // lock_page below would wait for a lock the filesystem kept.
            filemap.FolioUnlock(page);
        }

        await filemap.FolioLock(page);
        if (page.Mapping is null)
        {
            // 2.6.29's __do_fault returned 0 here, not SIGBUS: the access is tried again.
            filemap.FolioUnlock(page);
            return VmFault.NoPage;
        }

        return 0;
    }

    /// <summary>
    /// The fault on a missing pte before the page lock (2.5.31, 2.6.20): filemap_nopage finds the
    /// page with a reference and no lock (it waits for the lock only of a page not yet uptodate,
    /// to read it, and looks again if truncate took it), and do_no_page maps it under the pte
    /// lock alone. Nothing but the reference holds the page meanwhile, so truncate may remove it
    /// between the lookup and the pte: 2.6.20 re-reads truncate_count under the pte lock and
    /// looks again if unmap_mapping_range ran
    /// (<see cref="PageTableEras.FaultRechecksTruncateCount"/>); 2.5.31 maps the page it found.
    /// With <paramref name="write"/> access the pte goes in writable and dirty; in 2.6.20 the
    /// vma's -&gt;page_mkwrite runs first, with no lock (again after each retry), and the page is
    /// marked dirty after the pte lock is dropped (set_page_dirty_balance); 2.5.31 had neither
    /// (the pte's dirty bit reached PG_dirty at unmap, msync or reclaim). A -&gt;page_mkwrite that
    /// fails makes the fault VM_FAULT_SIGBUS, whatever the reason: false. A page that is not
    /// cached is read in first (page_cache_read), for a load or a store, and looked up again.
    /// </summary>
    [Models("mm/memory.c", "do_no_page", "2.6.20")]
    [Models("mm/filemap.c", "filemap_nopage", "2.6.20")]
    [Models("mm/memory.c", "do_no_page", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> DoNoPageUnlocked(PageTable vma, long index, bool write)
    {
        var mapping = vma.Mapping;
        var filemap = kernel.Filemap;
        var rechecks = kernel.Era.FaultRechecksTruncateCount() && !kernel.Faults.FaultMapsUnlockedPage;
        var tracksDirty = kernel.Era.TracksSharedDirty();
        var sequence = mapping.TruncateCount;
        while (true)
        {
            if (vma.Unmapped || index >= mapping.Host.SizePages)
            {
                return false;
            }

            if (mapping.Pages.Load(index) is not { } page)
            {
                // page_cache_read, then filemap_nopage's retry_all: the page read in (->nopage does
                // not ask whether the access writes) and looked up again. Nothing holds a punch off.
                if (!await filemap.PageCacheRead(mapping, index))
                {
                    return false;
                }

                continue;
            }

            Filemap.FolioGet(page); // find_get_page
            if (!page.Uptodate)
            {
                // page_not_uptodate: the lock waits for a read in flight. The model reads no
                // data in: a page still not uptodate is mapped as if its read had been done.
                await filemap.FolioLock(page);
                var truncated = page.Mapping != mapping;
                filemap.FolioUnlock(page);
                if (truncated)
                {
                    filemap.FolioPut(page);
                    continue;
                }
            }

            if (write && tracksDirty && vma.VmOps is { HasPageMkwrite: true } vmOps)
            {
                // "see if the backing address space wants to know that the page is about to
                // become writable": no page lock, no pte lock. Any failure is VM_FAULT_SIGBUS,
                // a page truncate took meanwhile too (2.6.20's ->page_mkwrite returns -errno).
                var result = await vmOps.PageMkwrite(vma, page);
                if (PageMkwriteError(result) != 0)
                {
                    filemap.FolioPut(page);
                    return false;
                }

                if ((result & VmFault.Locked) != 0)
                {
                    filemap.FolioUnlock(page); // 2.6.20's ->page_mkwrite returns it unlocked
                }
            }

            await PteLock(vma, new StepLabel("do_no_page", index));
            if (rechecks && sequence != mapping.TruncateCount)
            {
                // "If unmap_mapping_range got called, retry getting the page."
                PteUnlock(vma);
                filemap.FolioPut(page);
                sequence = mapping.TruncateCount;
                continue;
            }

            // munmap marks the vma before its zap (the model's mmap_lock): nothing to map then.
            var mapped = !vma.Unmapped;
            var dirty = false;
            if (mapped && vma.Lookup(index) is null)
            {
                SetPte(vma, page, write);
                dirty = write && tracksDirty;
            }

            PteUnlock(vma);
            if (dirty)
            {
                // set_page_dirty_balance with no lock held: truncate may clean and remove the
                // page first (2d6d7f982846's race).
                await Runtime.Schedule(PointKind.Yield, new StepLabel("set_page_dirty_balance", page.Index));
                await kernel.PageWriteback.FolioMarkDirty(page);
            }

            filemap.FolioPut(page);
            return mapped;
        }
    }
}
