using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Locking;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// read(2) of the page at <paramref name="index"/> through the page cache: the page looked
    /// up, and if it is not cached read in by synchronous readahead, or, if readahead put none
    /// there, by a page of the read's own; a page cached but not uptodate is locked and read
    /// again. Returns the version the read copies to user space, or null when there is nothing
    /// to read (past EOF, or no page could be allocated: -ENOMEM). From 5.15 every way a page
    /// comes in, and a not-uptodate page is filled, holds the mapping's invalidate_lock shared
    /// (730633f0b7f9, <see cref="TruncateEras.HasInvalidateLock"/>), so a hole punch holding it
    /// exclusive cannot have a page read back in from blocks it is about to free; before, nothing
    /// held the read off (ext4's i_mmap_sem, 4.5 to 5.14, was the fault's, not the read's:
    /// ext4_file_read_iter calls generic_file_read_iter with no lock). Each page begins with a
    /// cond_resched. The model reads one page: no batch, no async readahead, no partially
    /// uptodate page; 2.6.20 asked readahead before the lookup (page_cache_readahead at
    /// next_index), the model on a miss only, the same for a page read once.
    /// </summary>
    [Models("mm/filemap.c", "filemap_read (filemap_get_pages: filemap_get_read_batch, page_cache_sync_readahead, filemap_create_folio, filemap_update_page)", "6.9")]
    [Models("mm/filemap.c", "do_generic_mapping_read (cond_resched, page_cache_readahead, find_get_page, page_not_up_to_date, no_cached_page)", "2.6.17")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<long?> FilemapRead(AddressSpace mapping, long index)
    {
        while (true)
        {
            await CondResched(new StepLabel(kernel.Names.FileRead, index));
            if (index >= mapping.Host.SizePages)
            {
                return null;
            }

            var page = mapping.Pages.Load(index);
            if (page is null)
            {
                await PageCacheSyncReadahead(mapping, index);
                page = mapping.Pages.Load(index);
            }

            if (page is null)
            {
                // no_cached_page (filemap_create_folio): readahead put nothing there. -EEXIST
                // (another thread's page came first) looks again; -ENOMEM ends the read.
                if (!await FilemapCreateFolio(mapping, index))
                {
                    return null;
                }

                continue;
            }

            FolioGet(page); // find_get_page's reference
            if (!page.Uptodate && !await FilemapUpdatePage(mapping, page))
            {
                continue; // AOP_TRUNCATED_PAGE: the page left the file meanwhile
            }

            // The copy to user space, after i_size is read again.
            long? copied = index < mapping.Host.SizePages ? page.Version : null;
            FolioPut(page);
            return copied;
        }
    }

    /// <summary>
    /// Synchronous readahead of the page at <paramref name="index"/> (the model reads ahead that
    /// page only): a new page inserted and read, nothing if one is cached there already. From
    /// 5.15 under the mapping's invalidate_lock shared, from before the first page is added until
    /// the read is submitted (730633f0b7f9's page_cache_ra_unbounded [V: its mm/readahead.c
    /// hunk, whose context is the same function holding nothing]); before, readahead
    /// (__do_page_cache_readahead, then page_cache_ra_unbounded from 5.10 [R]) held nothing.
    /// </summary>
    [Models("mm/readahead.c", "page_cache_ra_unbounded (filemap_invalidate_lock_shared, read_pages)", "6.9")]
    [Models("mm/readahead.c", "page_cache_ra_unbounded (no lock: 730633f0b7f9's context)", "5.14")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask PageCacheSyncReadahead(AddressSpace mapping, long index)
    {
        var invalidateLock = await InvalidateLockShared(mapping, index, kernel.Faults.ReadSkipsInvalidateLock);
        if (await AddToPageCacheLru(mapping, index) is { } page)
        {
            ReadFolio(page);
        }

        invalidateLock?.UpRead(Runtime);
    }

    /// <summary>
    /// The read's own page when readahead put none there: inserted and read under the
    /// invalidate_lock from 5.15 (filemap_create_folio's "Protect against truncate / hole
    /// punch"), under nothing before (do_generic_file_read's no_cached_page). False only when
    /// no page could be allocated; true when a page is cached now, this one or another's.
    /// </summary>
    [Models("mm/filemap.c", "filemap_create_folio", "6.9")]
    [Models("mm/filemap.c", "do_generic_mapping_read (no_cached_page: add_to_page_cache_lru, -EEXIST to find_page, then readpage)", "2.6.17")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    internal async ValueTask<bool> FilemapCreateFolio(AddressSpace mapping, long index)
    {
        var invalidateLock = await InvalidateLockShared(mapping, index, kernel.Faults.ReadSkipsInvalidateLock);
        var cached = await PageCacheRead(mapping, index);
        invalidateLock?.UpRead(Runtime);
        return cached;
    }

    /// <summary>
    /// A cached page that is not uptodate, with the read's reference: locked and read, under the
    /// invalidate_lock from 5.15 (filemap_update_page), under nothing before
    /// (page_not_up_to_date). True with the page uptodate and the reference kept; false, with the
    /// reference dropped, when truncate took the page meanwhile (AOP_TRUNCATED_PAGE: the read
    /// looks again).
    /// </summary>
    [Models("mm/filemap.c", "filemap_update_page", "6.9")]
    [Models("mm/filemap.c", "do_generic_mapping_read (page_not_up_to_date: lock_page, !page->mapping, readpage)", "2.6.17")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> FilemapUpdatePage(AddressSpace mapping, Page page)
    {
        var invalidateLock = await InvalidateLockShared(mapping, page.Index, kernel.Faults.ReadSkipsInvalidateLock);

        // 6.x tries the lock (folio_trylock) and on failure drops invalidate_lock, waits for the
        // unlock (folio_put_wait_locked) and looks again (AOP_TRUNCATED_PAGE); sleeping on the
        // lock with invalidate_lock held, as here, changes no verdict: no page lock holder waits
        // for invalidate_lock (the punch takes it before any page lock).
        await FolioLock(page);
        var inFile = page.Mapping == mapping;
        if (inFile && !page.Uptodate)
        {
            ReadFolio(page);
        }
        else
        {
            FolioUnlock(page);
        }

        invalidateLock?.UpRead(Runtime);
        if (!inFile)
        {
            FolioPut(page);
        }

        return inFile;
    }

    /// <summary>
    /// filemap_invalidate_lock_shared, taken by whatever adds or fills a page of the file (read(2),
    /// readahead, a fault reading its page in), where the era has the lock (5.15 on) and the
    /// caller is not made to skip it (<paramref name="skipped"/>: the caller's fault switch);
    /// null, with nothing taken, otherwise.
    /// </summary>
    [Models("include/linux/fs.h", "filemap_invalidate_lock_shared", "6.9")]
    internal ValueTask<RwSemaphore?> InvalidateLockShared(AddressSpace mapping, long index, bool skipped) =>
        DownReadUnlessSkipped(kernel.Era.HasInvalidateLock() ? mapping.InvalidateLock : null, index, skipped);

    /// <summary>
    /// down_read of a lock that keeps pages from being read in, or blocks from being mapped, while
    /// a hole punch holds it for writing: the mapping's invalidate_lock
    /// (<see cref="InvalidateLockShared"/>) or a filesystem's own (ext4's i_mmap_sem). Taken
    /// where the caller's era and filesystem have one (<paramref name="semaphore"/> not null) and
    /// the caller is not made to skip it (<paramref name="skipped"/>: its fault switch); null,
    /// with nothing taken, otherwise. The one place that decides whether such a lock is taken.
    /// </summary>
    [Models("kernel/locking/rwsem.c", "down_read", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    internal async ValueTask<RwSemaphore?> DownReadUnlessSkipped(RwSemaphore? semaphore, long index, bool skipped)
    {
        if (semaphore is null || skipped)
        {
            return null;
        }

        await semaphore.DownRead(Runtime, new StepLabel(semaphore.Name, index));
        return semaphore;
    }
}
