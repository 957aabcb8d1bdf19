using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/gup.c: a page of a shared file mapping taken by get_user_pages(FOLL_WRITE) (pin_user_pages
/// for DMA from 5.6) and written without a pte: direct I/O reading into a buffer that is an
/// mmapped file page, an RDMA device writing into a registered buffer. The page is dirtied when
/// it is released, after writeback may have cleaned it: set_page_dirty_lock with the page lock,
/// or set_page_dirty with none, which the kernel allows a caller that holds the file open and
/// which __remove_mapping's refcount-then-dirty order exists for ("get_user_pages(&amp;page);
/// [user mapping goes away] write_to(page); SetPageDirty(page); put_page(page)").
/// </summary>
public sealed class Gup(Kernel kernel)
{
    private Filemap Filemap => kernel.Filemap;

    /// <summary>
    /// get_user_pages(FOLL_WRITE) of page <paramref name="index"/> of <paramref name="vma"/>: fault
    /// the page in and make its pte writable (the write fault, which dirties the page where the era
    /// tracks shared dirty pages), then, under the pte lock, take a reference on the page and mark
    /// it dirty if neither the pte nor the page is yet (FOLL_TOUCH). Returns the page, with the
    /// reference the caller releases, or null when there is none (not cached, past EOF: -EFAULT).
    /// </summary>
    [Models("mm/gup.c", "__get_user_pages", "6.9")]
    [Models("mm/gup.c", "follow_page_pte", "6.9")]
    [Models("mm/memory.c", "get_user_pages", "2.6.20")]
    [Models("mm/memory.c", "follow_page", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<Page?> GetUserPages(PageTable vma, long index)
    {
        var memory = kernel.Memory;
        while (true)
        {
            await memory.PteLock(vma, new StepLabel(GetName, index));
            var pte = vma.Lookup(index);
            if (pte is { Write: true })
            {
                var page = pte.Page;
                Filemap.FolioGet(page); // FOLL_GET, or FOLL_PIN's bias: either keeps reclaim's freeze from succeeding
                if (!pte.Dirty && !page.Dirty)
                {
                    // The pte lock keeps the page in its mapping, as in zap_pte_range.
                    await kernel.PageWriteback.FolioMarkDirty(page);
                }

                memory.PteUnlock(vma);
                return page;
            }

            memory.PteUnlock(vma);

            // faultin_page: handle_mm_fault with FAULT_FLAG_WRITE, then follow the pte again.
            if (pte is null)
            {
                if (!await memory.DoSharedFault(vma, index))
                {
                    return null;
                }
            }
            else if ((await memory.DoWpPage(vma, pte) & VmFault.SigBus) != 0)
            {
                // faultin_page: VM_FAULT_SIGBUS is -EFAULT, nothing pinned.
                return null;
            }
        }
    }

    /// <summary>
    /// The device's write into the pinned page, then its release: the page locked, marked dirty,
    /// unlocked, the reference dropped (set_page_dirty_lock and put_page, as dio_bio_complete and
    /// bio_set_pages_dirty did; unpin_user_pages_dirty_lock from 5.6, which skips the lock when
    /// the page is dirty already, which changes nothing writeback or reclaim see). The data lands
    /// in the step that holds the page lock: the model does not keep a clean page with new data
    /// in it, the window the kernel leaves between the DMA and the dirtying.
    /// </summary>
    [Models("mm/page-writeback.c", "set_page_dirty_lock", "2.6.20")]
    [Models("mm/page-writeback.c", "set_page_dirty_lock", "6.9")]
    [Models("mm/gup.c", "unpin_user_pages_dirty_lock", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask SetPageDirtyLock(Page page)
    {
        await Filemap.FolioLock(page);
        WriteTo(page);
        await kernel.PageWriteback.FolioMarkDirty(page);
        Filemap.FolioUnlock(page);
        Filemap.FolioPut(page);
    }

    /// <summary>
    /// The device's write into the pinned page, then set_page_dirty with no page lock and the
    /// reference dropped: what __remove_mapping's comment describes, and what
    /// put_user_pages_dirty did (5.2 to 5.3 [R]). Reclaim may hold the page lock meanwhile: only
    /// its check of PG_dirty after freezing the references keeps it from freeing the page.
    /// </summary>
    [Models("mm/page-writeback.c", "set_page_dirty", "2.6.20")]
    [Models("mm/vmscan.c", "__remove_mapping (get_user_pages; write_to; SetPageDirty; put_page)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask SetPageDirty(Page page)
    {
        // The pin's generation: the pin, held from get_user_pages to here, kept the page from
        // being freed, so it is the one the pin was taken at. The dirtying and the put compare
        // against it, so that a page freed and reused by another file through an early put is
        // caught too, not only one still free.
        var generation = page.Generation;
        if (kernel.Faults.GupPutsBeforeDirtying)
        {
            Filemap.FolioPut(page, generation);
        }

        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("set_page_dirty", page.Index));
        WriteTo(page);
        await kernel.PageWriteback.FolioMarkDirty(page, generation);
        if (!kernel.Faults.GupPutsBeforeDirtying)
        {
            Filemap.FolioPut(page, generation);
        }
    }

    /// <summary>The era's name of the call that takes the page: pin_user_pages from 5.6 (FOLL_PIN) [R].</summary>
    private string GetName => kernel.Era.AtLeast(KernelEra.V6_9) ? "pin_user_pages" : "get_user_pages";

    /// <summary>
    /// New data in the page, written behind the page tables (no pte is dirtied, none is young);
    /// the caller dirties the page in the same step, and fsync owes the data from then on. A page
    /// truncate took meanwhile keeps no version: its data is nobody's.
    /// </summary>
    private static void WriteTo(Page page)
    {
        if (page.Mapping is not { } mapping)
        {
            return;
        }

        page.Version = ++mapping.Host.VersionClock;
        page.CommittedVersion = Math.Max(page.CommittedVersion, page.Version);
        page.ZeroFrom = Page.PageSize;
    }
}
