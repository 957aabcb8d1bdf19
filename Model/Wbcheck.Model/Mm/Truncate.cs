using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>mm/truncate.c: taking pages out of the page cache when a file shrinks or a range is punched.</summary>
public sealed class Truncate(Kernel kernel)
{
    private Filemap Filemap => kernel.Filemap;

    /// <summary>
    /// truncate(2) of a file to a smaller size: do_truncate takes the inode lock, and the
    /// filesystem's setattr sets i_size first, so writeback sees the pages past EOF, then drops
    /// them. truncate_setsize "must be called with a lock serializing truncates and writes".
    /// </summary>
    [Models("fs/open.c", "do_truncate", "6.9")]
    [Models("fs/open.c", "do_truncate (mutex_lock(&dentry->d_inode->i_mutex))", "2.6.20")]
    [Models("mm/truncate.c", "truncate_setsize", "6.9")]
    [Models("mm/truncate.c", "truncate_pagecache (unmap_mapping_range first)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask TruncateSetsize(Inode inode, long newSizePages)
    {
        await kernel.Vfs.InodeLock(inode);
        inode.SizePages = newSizePages;

        // truncate_pagecache: no pte may map a page about to go (mm/memory.c, Memory.UnmapMappingRange).
        await kernel.Memory.UnmapMappingRange(inode.Mapping, newSizePages);
        await TruncateInodePagesRange(inode.Mapping, newSizePages << WritebackControl.PageShift, -1);
        kernel.Vfs.InodeUnlock(inode);
    }

    /// <summary>
    /// Remove the pages of the byte range [lstart, lend] (lend -1: to the end). A first pass
    /// takes what it can lock without waiting and that is not under writeback; a second pass
    /// locks and waits for the rest, going round until nothing of the range is left. After it,
    /// no page and no tag of the range remains. Partial pages are not modelled.
    /// </summary>
    [Models("mm/truncate.c", "truncate_inode_pages_range", "6.9")]
    [Models("mm/truncate.c", "truncate_inode_pages_range", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask TruncateInodePagesRange(AddressSpace mapping, long lstart, long lend)
    {
        const long pageMask = (1L << WritebackControl.PageShift) - 1;
        if ((lstart & pageMask) != 0 || (lend != -1 && ((lend + 1) & pageMask) != 0))
        {
            throw new UnmodelledPathException("truncate_inode_pages_range", "a range that does not start and end on page boundaries");
        }

        var start = lstart >> WritebackControl.PageShift;
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
                await kernel.Memory.UnmapMappingFolio(batch[i]); // if a fault mapped it again
            }

            await Filemap.XaLock(mapping, new StepLabel(kernel.Names.DeleteFromPageCacheBatch, batch[0].Index));
            for (var i = 0; i < batch.Count; i++)
            {
                TruncateCleanupFolio(batch[i]);
                Filemap.FilemapRemoveFolioUnderLock(batch[i], mapping);
            }

            Filemap.XaUnlock();
            for (var i = 0; i < batch.Count; i++)
            {
                Filemap.FolioUnlock(batch[i]);
                Filemap.FolioPut(batch[i]); // the page cache's reference
            }

            Filemap.FolioBatchRelease(batch);
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
                if (!kernel.Faults.TruncateSkipsWritebackWait)
                {
                    await Filemap.FolioWaitWriteback(page);
                }

                await TruncateInodeFolio(mapping, page);
                Filemap.FolioUnlock(page);
            }

            Filemap.FolioBatchRelease(batch);
        }

        foreach (var observer in kernel.Observers)
        {
            observer.TruncateEnded(mapping, start, end == long.MaxValue ? long.MaxValue : end - 1);
        }
    }

    /// <summary>Remove one locked page, unless something else already took it out of the mapping.</summary>
    [Models("mm/truncate.c", "truncate_inode_folio", "6.9")]
    [Models("mm/truncate.c", "truncate_complete_page", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> TruncateInodeFolio(AddressSpace mapping, Page page)
    {
        if (page.Mapping != mapping)
        {
            return Errno.EIO;
        }

        await kernel.Memory.UnmapMappingFolio(page); // if a fault mapped it again
        TruncateCleanupFolio(page);
        await Filemap.FilemapRemoveFolio(page);
        return 0;
    }

    /// <summary>Throw away the page's dirty data before it leaves the cache.</summary>
    [Models("mm/truncate.c", "truncate_cleanup_folio", "6.9")]
    private void TruncateCleanupFolio(Page page) => kernel.PageWriteback.FolioCancelDirty(page);
}
