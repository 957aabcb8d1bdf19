using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>mm/truncate.c: taking pages out of the page cache when a file shrinks or a range is punched.</summary>
public sealed partial class Truncate(Kernel kernel)
{
    private const long PageMask = Page.PageSize - 1;

    private Filemap Filemap => kernel.Filemap;

    /// <summary>truncate(2) to a whole number of pages: <see cref="TruncateSetsizeBytes"/>.</summary>
    public ValueTask TruncateSetsize(Inode inode, long newSizePages) => TruncateSetsizeBytes(inode, newSizePages << WritebackControl.PageShift);

    /// <summary>
    /// truncate(2) of a file to <paramref name="newSize"/> bytes: do_truncate takes the inode
    /// lock, and the filesystem's setattr calls truncate_setsize, which sets i_size first, so
    /// writeback, faults and readers see the pages past EOF as past EOF before truncate starts
    /// removing them, then drops them. truncate_setsize "must be called with a lock serializing
    /// truncates and writes". 2.6.20's vmtruncate kept the same order (i_size_write, then
    /// unmap_mapping_range, then truncate_inode_pages).
    /// </summary>
    [Models("fs/open.c", "do_truncate", "6.9")]
    [Models("fs/open.c", "do_truncate (mutex_lock(&dentry->d_inode->i_mutex))", "2.6.20")]
    [Models("mm/truncate.c", "truncate_setsize", "6.9")]
    [Models("mm/memory.c", "vmtruncate", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask TruncateSetsizeBytes(Inode inode, long newSize)
    {
        await kernel.Vfs.InodeLock(inode);
        inode.Size = newSize;
        await TruncatePagecache(inode, newSize);
        kernel.Vfs.InodeUnlock(inode);
    }

    /// <summary>
    /// Drop the page cache from <paramref name="newSize"/> on. The kernel unmaps the range from
    /// every process's page tables first (unmap_mapping_range from the first whole page past
    /// EOF), so no fault can dirty a page it is about to remove, truncates, then unmaps again
    /// to catch a private COW page a racing fault mapped in between. The model maps files
    /// shared only (PageTable), so it has no private COW page and no second unmap.
    /// </summary>
    [Models("mm/truncate.c", "truncate_pagecache", "6.9")]
    [Models("mm/truncate.c", "truncate_inode_pages", "6.9")]
    [Models("mm/truncate.c", "truncate_pagecache (unmap_mapping_range first)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask TruncatePagecache(Inode inode, long newSize)
    {
        // No pte may map a page about to go: unmap from the first whole page past EOF
        // (mm/memory.c, Memory.UnmapMappingRange).
        await kernel.Memory.UnmapMappingRange(inode.Mapping, (newSize + PageMask) >> WritebackControl.PageShift);
        await TruncateInodePagesRange(inode.Mapping, newSize, -1);
    }

    /// <summary>
    /// Drop the whole pages <paramref name="first"/>..<paramref name="last"/> of a file, i_size
    /// unchanged, as a hole punch does: their ptes first (unmap_mapping_range, which moves
    /// truncate_count for a fault without the page lock in 2.6.20), then the pages. Refused on
    /// the list era, which has no range truncation (<see cref="EraSettings.TruncateRange"/>).
    /// </summary>
    [Models("mm/truncate.c", "truncate_pagecache_range", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask TruncatePagecacheRange(AddressSpace mapping, long first, long last)
    {
        // The list era's kernel has no range truncation: refused, not run as a later kernel would.
        EraSettings.TruncateRange.Require(kernel.Era);
        await kernel.Memory.UnmapMappingRange(mapping, first, last);
        await TruncateInodePagesRange(mapping, first << WritebackControl.PageShift, ((last + 1) << WritebackControl.PageShift) - 1);
    }

    /// <summary>
    /// Remove the pages of the byte range [lstart, lend] (lend -1: to the end). Three steps, with
    /// windows between them that other threads may use:
    /// <list type="number">
    /// <item>A first pass takes what it can lock without waiting and that is not under writeback
    /// (TestSetPageLocked / trylock_page / find_lock_entries skip a busy page) and removes it:
    /// from 4.15 the locked batch in one tree-lock section, before it page by page.</item>
    /// <item>The partial page at lstart, if lstart is not page aligned, is locked, waited on,
    /// and its tail past lstart zeroed and its buffers there invalidated; it stays cached.</item>
    /// <item>A second pass locks each page left, sleeping for it, waits for its writeback and
    /// removes it, going round until nothing of the range is left.</item>
    /// </list>
    /// After it, no page and no tag of the whole pages of the range remains. The first pass's
    /// lookup and trylocks are one atomic step here: before 5.12 the kernel looked up a pagevec
    /// under RCU and then trylocked each page with no preemption point between them.
    /// </summary>
    [Models("mm/truncate.c", "truncate_inode_pages_range", "6.9")]
    [Models("mm/truncate.c", "truncate_inode_pages_range", "3.19")]
    [Models("mm/truncate.c", "truncate_inode_pages_range", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask TruncateInodePagesRange(AddressSpace mapping, long lstart, long lend)
    {
        if (lend != -1 && ((lend + 1) & PageMask) != 0)
        {
            // Before 3.11 the kernel said so itself: BUG_ON((lend & (PAGE_CACHE_SIZE - 1)) != (PAGE_CACHE_SIZE - 1)).
            Bug.On(!kernel.Era.TruncatesPartialEnd(), "truncate_inode_pages_range", $"BUG_ON: lend {lend} does not end a page");
            throw new UnmodelledPathException("truncate_inode_pages_range", "a range that ends inside a page (partial_end)");
        }

        var partialStart = (int)(lstart & PageMask);
        var start = (lstart + PageMask) >> WritebackControl.PageShift;
        var end = lend == -1 ? long.MaxValue : (lend + 1) >> WritebackControl.PageShift; // exclusive
        var batch = new FolioBatch(kernel.Config.BatchSize);

        var index = start;
        while (index < end)
        {
            await Filemap.CondResched(new StepLabel(kernel.Names.FindLockEntries, index));
            index = Filemap.FindLockEntries(mapping, index, end - 1, batch);
            if (batch.Count == 0)
            {
                break;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                await UnmapLockedFolio(batch[i]);
            }

            if (kernel.Era.TruncatesInBatches())
            {
                await DeleteFromPageCacheBatch(mapping, batch);
            }
            else
            {
                // Before 4.15 each page went by itself (truncate_complete_page, later
                // truncate_inode_page): its dirtiness cancelled, then the tree lock taken for it
                // alone. A dirtier that takes no page lock (before 3.19) can dirty it again in
                // between, and it leaves the cache dirty.
                for (var i = 0; i < batch.Count; i++)
                {
                    var page = batch[i];
                    TruncateCleanupFolio(page);
                    await Filemap.FilemapRemoveFolio(page);
                    Filemap.FolioUnlock(page);
                }
            }

            Filemap.FolioBatchRelease(batch);
        }

        ClearShadowEntries(mapping, start, end - 1);
        if (partialStart != 0)
        {
            await TruncatePartialPage(mapping, start - 1, partialStart);
        }

        index = start;
        while (index < end)
        {
            await Filemap.CondResched(new StepLabel(kernel.Names.FindGetEntries, index));
            var next = Filemap.FindGetEntries(mapping, index, end - 1, batch);
            if (batch.Count == 0)
            {
                // All gone from start onwards: done. Otherwise go round again to make sure.
                if (index == start)
                {
                    break;
                }

                index = start;
                continue;
            }

            index = next;
            for (var i = 0; i < batch.Count; i++)
            {
                var page = batch[i];
                await Filemap.FolioLock(page);
                if (!kernel.Faults.TruncateSkipsWritebackWait && !(kernel.Faults.EvictSkipsWritebackWait && mapping.Host.Freeing))
                {
                    await Filemap.FolioWaitWriteback(page);
                }

                await TruncateInodeFolio(mapping, page);
                Filemap.FolioUnlock(page);
            }

            Filemap.FolioBatchRelease(batch);
        }

        // Shadows reclaim left meanwhile, where the second pass found a page gone.
        ClearShadowEntries(mapping, start, end - 1);
        foreach (var observer in kernel.Observers)
        {
            observer.TruncateEnded(mapping, start, end == long.MaxValue ? long.MaxValue : end - 1);
        }
    }

    /// <summary>
    /// The first pass's removal from 4.15: every locked page of the batch cleaned first, then all
    /// taken out of the tree in one tree-lock section, then unlocked, and the page cache's
    /// references dropped after the lock (filemap_free_folio).
    /// </summary>
    [Models("mm/filemap.c", "delete_from_page_cache_batch", "6.9")]
    [Models("mm/truncate.c", "truncate_inode_pages_range (truncate_cleanup_folio, delete_from_page_cache_batch)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask DeleteFromPageCacheBatch(AddressSpace mapping, FolioBatch batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            TruncateCleanupFolio(batch[i]);
        }

        await Filemap.XaLock(mapping, new StepLabel(kernel.Names.DeleteFromPageCacheBatch, batch[0].Index));
        for (var i = 0; i < batch.Count; i++)
        {
            Filemap.FilemapRemoveFolioUnderLock(batch[i], mapping);
        }

        Filemap.XaUnlock();
        Filemap.InodeAddLruIfShrinkable(mapping);
        for (var i = 0; i < batch.Count; i++)
        {
            Filemap.FolioUnlock(batch[i]);
            Filemap.FolioPut(batch[i]); // the page cache's reference
        }
    }

    /// <summary>
    /// Clear the shadow entries of pages [<paramref name="first"/>, <paramref name="last"/>] that
    /// the lookups met (find_lock_entries and find_get_entries return them beside the pages), and
    /// from 5.16, if that left the cache shrinkable, queue the inode on the LRU
    /// (<see cref="Filemap.InodeAddLruIfShrinkable"/>). No scheduling point: the kernel does it
    /// under the i_lock and the tree lock.
    /// </summary>
    [Models("mm/truncate.c", "truncate_folio_batch_exceptionals", "6.9")]
    [Models("mm/truncate.c", "clear_shadow_entry", "6.9")]
    internal void ClearShadowEntries(AddressSpace mapping, long first, long last)
    {
        if (mapping.ClearShadows(first, last))
        {
            Filemap.InodeAddLruIfShrinkable(mapping);
        }
    }

    /// <summary>Remove one locked page, unless something else already took it out of the mapping.</summary>
    [Models("mm/truncate.c", "truncate_inode_folio", "6.9")]
    [Models("mm/truncate.c", "truncate_inode_page", "3.19")]
    [Models("mm/truncate.c", "truncate_complete_page", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> TruncateInodeFolio(AddressSpace mapping, Page page)
    {
        if (page.Mapping != mapping)
        {
            return Errno.EIO;
        }

        await UnmapLockedFolio(page);
        TruncateCleanupFolio(page);
        await Filemap.FilemapRemoveFolio(page);
        return 0;
    }

    /// <summary>
    /// Unmap a page truncate holds locked, in case a fault mapped it again since the unmap before
    /// the passes: from d00806b18315 (<see cref="TruncateEras.TruncateUnmapsLockedFolio"/>),
    /// which made the fault hold the page lock, so that the fault and this exclude each other.
    /// Before, truncate removes the page mapped or not.
    /// </summary>
    [Models("mm/truncate.c", "truncate_cleanup_folio (if folio_mapped: unmap_mapping_folio)", "6.9")]
    [Models("mm/truncate.c", "truncate_inode_pages_range (if page_mapped: unmap_mapping_range)", "2.6.23")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask UnmapLockedFolio(Page page)
    {
        if (kernel.Era.TruncateUnmapsLockedFolio())
        {
            await kernel.Memory.UnmapMappingFolio(page);
        }
    }

    /// <summary>Throw away the page's dirty data before it leaves the cache.</summary>
    [Models("mm/truncate.c", "truncate_cleanup_folio", "6.9")]
    [Models("mm/truncate.c", "truncate_complete_page (cancel_dirty_page)", "2.6.24")]
    private void TruncateCleanupFolio(Page page) => kernel.PageWriteback.FolioCancelDirty(page);
}
