using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// Readahead's way into the page cache: insert a new page at <paramref name="index"/>, locked
    /// and not uptodate, for a read to fill; null if a page is already cached there (readahead
    /// then skips that index) or the allocation failed (an OOM victim with no reserves left; the
    /// model's readers skip that index too, where readahead would stop).
    /// </summary>
    [Models("mm/filemap.c", "add_to_page_cache_lru", "4.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<Page?> AddToPageCacheLru(AddressSpace mapping, long index)
    {
        Page? page;
        AllocRetries? retries = null;
        while (true)
        {
            await XaLock(mapping, new StepLabel(kernel.Names.AddToPageCacheLru, index));
            if (mapping.Pages.Load(index) is not null)
            {
                XaUnlock();
                return null;
            }

            // Inserted locked, so nobody sees it before the read has filled it. An allocation
            // that must reclaim does so with the tree lock dropped, then looks again.
            page = TryNewPageUnderLock(mapping, index);
            if (page is not null)
            {
                break;
            }

            // readahead_gfp_mask: the mapping's (GFP_HIGHUSER_MOVABLE, with __GFP_FS), so its
            // reclaim may enter the filesystem.
            XaUnlock();
            if (!await kernel.PageAlloc.AllocPagesDirectReclaim(mapping, retries ??= new AllocRetries(), Gfp.Kernel))
            {
                return null;
            }
        }

        page.Uptodate = false;
        TakeLock(page);
        XaUnlock();
        return page;
    }

    /// <summary>
    /// A fault's read of a page that is not cached (a major fault): a new page inserted locked,
    /// then read from the disk and unlocked. False when the allocation failed (the fault gives
    /// up, VM_FAULT_OOM); true when the page is cached now, whether this read put it there or
    /// another thread got there first (-EEXIST: the fault looks again). The caller holds the
    /// era's lock against hole punching, if it has one (<see cref="TruncateEras.HasInvalidateLock"/>).
    /// </summary>
    [Models("mm/filemap.c", "page_cache_read (add_to_page_cache_lru, then ->readpage)", "2.6.20")]
    [Models("mm/filemap.c", "page_cache_read (add_to_page_cache_lru, then ->readpage)", "4.19")]
    [Models("mm/filemap.c", "filemap_fault (__filemap_get_folio with FGP_CREAT, then filemap_read_folio)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> PageCacheRead(AddressSpace mapping, long index)
    {
        if (await AddToPageCacheLru(mapping, index) is not { } page)
        {
            return mapping.Pages.Load(index) is not null;
        }

        ReadFolio(page);
        return true;
    }

    /// <summary>
    /// -&gt;readpage (-&gt;read_folio from 5.19) of the model's filesystems on a locked page that is
    /// not uptodate: the page gets what its blocks hold now (the disk's version, 0 for a hole,
    /// whose read is zeros), becomes uptodate and is unlocked. The model's read completes at
    /// once: no bio in flight, so no point where another thread runs between the read and the
    /// unlock.
    /// </summary>
    [Models("mm/filemap.c", "filemap_read_folio", "6.9")]
    [Models("fs/buffer.c", "block_read_full_page (end_buffer_async_read: SetPageUptodate, unlock_page)", "2.6.20")]
    private void ReadFolio(Page page)
    {
        var disk = kernel.Device.StableVersion(page.Mapping!.Host, page.Index);
        page.Version = disk;
        page.CommittedVersion = disk;
        page.Uptodate = true;
        FolioUnlock(page);
    }
}
