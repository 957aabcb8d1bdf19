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
}
