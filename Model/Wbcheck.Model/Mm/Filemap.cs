using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/filemap.c (and the pagemap.h inlines around it): page locks, the tree lock, page-cache
/// lookups, adding and removing pages, and the end of writeback. Integrity syncs and error
/// reporting are in <see cref="Filemap"/>'s other files.
/// </summary>
public sealed partial class Filemap(Kernel kernel)
{
    private IKernelRuntime Runtime => kernel.Runtime;

    /// <summary>
    /// Take the tree lock. Spinning for it is a preemption point; inside it nothing may sleep
    /// (the runtime reports "sleeping while atomic" if anything tries).
    /// </summary>
    [Models("include/linux/xarray.h", "xa_lock_irq", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask XaLock(AddressSpace mapping, StepLabel label)
    {
        await Runtime.Schedule(PointKind.SpinLock, label);
        Runtime.EnterAtomic(mapping.TreeLockName);
    }

    /// <summary>The tree lock from interrupt context (I/O completion), already atomic: no preemption point.</summary>
    [Models("include/linux/xarray.h", "xa_lock_irqsave", "6.9")]
    public void XaLockIrqsave(AddressSpace mapping) => Runtime.EnterAtomic(mapping.TreeLockName);

    [Models("include/linux/xarray.h", "xa_unlock_irq", "6.9")]
    public void XaUnlock() => Runtime.ExitAtomic();

    /// <summary>Sleep until PG_locked is ours.</summary>
    [Models("include/linux/pagemap.h", "folio_lock", "6.9")]
    [Models("mm/filemap.c", "__folio_lock", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask FolioLock(Page page)
    {
        var label = new StepLabel(kernel.Names.LockPage, page.Index);
        await Runtime.Schedule(PointKind.Lock, label);
        while (page.Locked)
        {
            await Runtime.Sleep(page.LockQueue, label);
        }

        PageAlloc.Touch(page, kernel.Names.LockPage);
        TakeLock(page);
    }

    /// <summary>
    /// Take PG_locked, sleeping TASK_KILLABLE: a free lock is taken as by
    /// <see cref="FolioLock"/>, even with a fatal signal pending, but a task with one (the OOM
    /// killer's SIGKILL, the model's only signal) does not sleep on a held lock: it gives up with
    /// -EINTR, and 0 means the lock is held. The kill is always the running task's in the model,
    /// so a task cannot be killed while it sleeps here; the look before each sleep is all the
    /// wake-up a signal would give.
    /// </summary>
    [Models("mm/filemap.c", "__folio_lock_killable", "6.9")]
    [Models("mm/filemap.c", "__lock_page_killable", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> FolioLockKillable(Page page)
    {
        var label = new StepLabel(kernel.Names.LockPage, page.Index);
        await Runtime.Schedule(PointKind.Lock, label);
        while (page.Locked)
        {
            if (kernel.PageAlloc.FatalSignalPending)
            {
                return Errno.EINTR;
            }

            await Runtime.Sleep(page.LockQueue, label);
        }

        PageAlloc.Touch(page, kernel.Names.LockPage);
        TakeLock(page);
        return 0;
    }

    /// <summary>
    /// Take PG_locked if it is free; never sleeps. <paramref name="generation"/>: the page's
    /// generation when the caller's reference was taken, for a holder that records it (reclaim's
    /// isolation); without it only a page still free is caught, not one reused since.
    /// </summary>
    [Models("include/linux/pagemap.h", "folio_trylock", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> FolioTrylock(Page page, int? generation = null)
    {
        await Runtime.Schedule(PointKind.Lock, new StepLabel(kernel.Names.TrylockPage, page.Index));
        // The caller holds a reference (a lookup's or an isolation's): through a stale one the
        // test-and-set of PG_locked writes a freed page's flags, or a reused page's.
        PageAlloc.Touch(page, generation ?? page.Generation, kernel.Names.TrylockPage);
        return TryLockAtomic(page);
    }

    /// <summary>folio_trylock where the caller is already inside an atomic step (an RCU walk).</summary>
    internal bool TryLockAtomic(Page page)
    {
        if (page.Locked)
        {
            return false;
        }

        TakeLock(page);
        return true;
    }

    [Models("mm/filemap.c", "folio_unlock", "6.9")]
    public void FolioUnlock(Page page)
    {
        Bug.On(!page.Locked, "folio_unlock", $"{page} is not locked");
        page.Locked = false;
        page.LockQueue.Holder = null;
        Runtime.WakeAll(page.LockQueue);
    }

    /// <summary>Sleep until PG_writeback is clear.</summary>
    [Models("mm/page-writeback.c", "folio_wait_writeback", "6.9")]
    [Models("include/linux/pagemap.h", "wait_on_page_writeback", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask FolioWaitWriteback(Page page)
    {
        var label = new StepLabel(kernel.Names.WaitOnPageWriteback, page.Index);
        await Runtime.Schedule(PointKind.Wait, label);
        while (page.Writeback)
        {
            await Runtime.Sleep(page.WritebackQueue, label);
        }
    }

    /// <summary>
    /// filemap_get_folios_tag: up to a batch of pages carrying <paramref name="tag"/> in
    /// [<paramref name="index"/>, <paramref name="end"/>], in index order, each with a reference
    /// taken. Returns the index to continue from. A lockless (RCU) walk: one atomic step, which
    /// the caller's cond_resched precedes.
    /// </summary>
    [Models("mm/filemap.c", "filemap_get_folios_tag", "6.9")]
    [Models("mm/filemap.c", "find_get_pages_range_tag", "4.19")]
    public long FilemapGetFoliosTag(AddressSpace mapping, long index, long end, XaMark tag, FolioBatch batch)
    {
        var tree = mapping.Pages;
        var found = tree.FindNext(index, end, tag);
        while (found >= 0 && !batch.IsFull)
        {
            var page = tree.Load(found)!;
            FolioGet(page);
            batch.Add(page);
            found = found < end ? tree.FindNext(found + 1, end, tag) : -1;
        }

        // A full batch continues after its last page; otherwise the range is done.
        return batch.IsFull ? batch[batch.Count - 1].Index + 1 : end == long.MaxValue ? long.MaxValue : end + 1;
    }

    /// <summary>
    /// The older lookup, until 4.15 (<see cref="KernelEras.TagLookupEndsAtRangeEnd"/>): up to
    /// <paramref name="nrPages"/> pages carrying <paramref name="tag"/> from
    /// <paramref name="index"/> on, with no end (a count, not a range: its callers ask for
    /// min(end - index, PAGEVEC_SIZE - 1) + 1 and so can get pages past their end). Returns the
    /// cursor: just past the last page found, unchanged when none, whether or not the batch was
    /// full, so a caller's next lookup finds what was tagged ahead of it since.
    /// </summary>
    [Models("mm/swap.c", "pagevec_lookup_tag", "2.6.20")]
    [Models("mm/filemap.c", "find_get_pages_tag", "2.6.20")]
    [Models("mm/filemap.c", "find_get_pages_tag (the cursor 72b045aecdd8 replaced)", "4.14")]
    public long PagevecLookupTag(AddressSpace mapping, long index, XaMark tag, long nrPages, FolioBatch batch)
    {
        var tree = mapping.Pages;
        for (var found = tree.FindNext(index, long.MaxValue, tag);
             found >= 0 && batch.Count < nrPages && !batch.IsFull;
             found = tree.FindNext(found + 1, long.MaxValue, tag))
        {
            var page = tree.Load(found)!;
            FolioGet(page);
            batch.Add(page);
        }

        return batch.Count > 0 ? batch[batch.Count - 1].Index + 1 : index;
    }

    /// <summary>
    /// find_get_entries: up to a batch of the pages in [index, end] with a reference taken each.
    /// Returns the index after the last page found, or <paramref name="index"/> unchanged when
    /// none was: truncate relies on that to tell "all gone" from "go round again".
    /// </summary>
    [Models("mm/filemap.c", "find_get_entries", "6.9")]
    public long FindGetEntries(AddressSpace mapping, long index, long end, FolioBatch batch)
    {
        FilemapGetFoliosTag(mapping, index, end, XaMark.None, batch);
        return batch.Count > 0 ? batch[batch.Count - 1].Index + 1 : index;
    }

    /// <summary>
    /// find_lock_entries: the pages in [index, end] that could be locked without waiting and are
    /// still in the mapping and not under writeback, locked and with a reference each. Busy
    /// pages are skipped; the caller's second pass deals with them.
    /// </summary>
    [Models("mm/filemap.c", "find_lock_entries", "6.9")]
    public long FindLockEntries(AddressSpace mapping, long index, long end, FolioBatch batch)
    {
        var tree = mapping.Pages;
        var last = index - 1;
        for (var found = tree.FindNext(index, end, XaMark.None); found >= 0 && !batch.IsFull; found = found < end ? tree.FindNext(found + 1, end, XaMark.None) : -1)
        {
            var page = tree.Load(found)!;
            last = found;
            if (!TryLockAtomic(page))
            {
                continue;
            }

            if (page.Mapping != mapping || page.Writeback)
            {
                FolioUnlock(page);
                continue;
            }

            FolioGet(page);
            batch.Add(page);
        }

        return last + 1;
    }

    [Models("include/linux/mm.h", "folio_get", "6.9")]
    public static void FolioGet(Page page)
    {
        Bug.On(page.RefCount <= 0, "folio_get", $"{page} has no reference left");
        page.RefCount++;
    }

    /// <summary>
    /// Drop a reference; the last one frees the page, which must then be idle.
    /// <paramref name="generation"/>: the page's generation when the reference was taken, for a
    /// holder that records it (gup's pin, reclaim's isolation); without it only a page still free
    /// is caught, not one reused since.
    /// </summary>
    [Models("include/linux/mm.h", "folio_put", "6.9")]
    public void FolioPut(Page page, int? generation = null, [CallerMemberName] string caller = "")
    {
        // A put through a reference already given up: the count it decrements is a freed page's
        // (KASAN's report, before the refcount underflow the kernel would warn of), or a reused
        // page's, whose new owner's reference it takes away.
        PageAlloc.Touch(page, generation ?? page.Generation, kernel.Names.PutPage);
        Bug.On(page.RefCount <= 0, "folio_put", $"{page} has no reference left");
        if (--page.RefCount > 0)
        {
            return;
        }

        Free(page, caller);
    }

    /// <summary>Release every page of the batch.</summary>
    [Models("include/linux/pagevec.h", "folio_batch_release", "6.9")]
    public void FolioBatchRelease(FolioBatch batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            FolioPut(batch[i]);
        }

        batch.Clear();
    }

    [Models("include/linux/sched.h", "cond_resched", "6.9")]
    public Preemption CondResched(StepLabel label) => Runtime.Schedule(PointKind.Yield, label);

    /// <summary>Free a page whose last reference went away. The kernel's "bad page state" checks.</summary>
    [Models("mm/page_alloc.c", "free_page_is_bad", "6.9")]
    internal void Free(Page page, [CallerMemberName] string caller = "")
    {
        Bug.On(page.Locked, "free_page_is_bad", $"bad page state: {page} freed while locked");
        Bug.On(page.Writeback, "free_page_is_bad", $"bad page state: {page} freed under writeback");
        Bug.On(page.Mapping is not null, "free_page_is_bad", $"bad page state: {page} freed while still in {page.Mapping}");
        foreach (var observer in kernel.Observers)
        {
            observer.PageFreed(page);
        }

        kernel.PageAlloc.FreePage(page, KernelName(caller));
    }

    /// <summary>The era's name of the kernel function a model member stands for: FolioBatchRelease is pagevec_release in 4.13.</summary>
    private string KernelName(string member) => member switch
    {
        nameof(FolioBatchRelease) => kernel.Names.PagevecRelease,
        nameof(FilemapRemoveFolio) => kernel.Names.RemoveFromPageCache,
        nameof(Vmscan.ShrinkFolio) or nameof(Vmscan.ShrinkIsolatedFolio) => kernel.Names.ShrinkPageList,
        _ => SnakeCase(member),
    };

    /// <summary>A model member's name as the kernel spells functions: TruncatePartialPage is truncate_partial_page.</summary>
    private static string SnakeCase(string member) =>
        string.Concat(member.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private void TakeLock(Page page)
    {
        page.Locked = true;
        page.LockQueue.Holder = Runtime.Current;
        foreach (var observer in kernel.Observers)
        {
            observer.PageLocked(page);
        }
    }
}
