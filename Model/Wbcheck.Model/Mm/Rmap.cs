using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>mm/rmap.c: finding the ptes that map a page through the file's i_mmap.</summary>
public sealed class Rmap(Kernel kernel)
{
    /// <summary>
    /// Write-protect and clean every pte of a shared mapping that maps <paramref name="page"/>,
    /// so that the next store faults (and dirties the page again) and the hardware's dirty bit
    /// is not lost. Returns how many ptes were dirty or writable: their data must be counted
    /// as the page's. The page is locked (the fault paths rely on it).
    /// </summary>
    [Models("mm/rmap.c", "folio_mkclean", "6.9")]
    [Models("mm/rmap.c", "page_mkclean_one", "6.9")]
    [Models("mm/rmap.c", "page_mkclean", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> PageMkclean(Page page)
    {
        Bug.On(!page.Locked, kernel.Names.PageMkclean, $"{page} is not locked");
        if (page.Mapping?.IMmap is not { } vma || vma.Lookup(page.Index) is not { } mapped || mapped.Page != page)
        {
            return 0;
        }

        var memory = kernel.Memory;
        await memory.PteLock(vma, new StepLabel(kernel.Names.PageMkclean, page.Index));
        var cleaned = 0;
        if (vma.Lookup(page.Index) is { } pte && pte.Page == page && (pte.Dirty || pte.Write))
        {
            pte.Write = false; // pte_wrprotect
            pte.Dirty = false; // pte_mkclean
            cleaned++;
        }

        memory.PteUnlock(vma);
        return cleaned;
    }

    /// <summary>
    /// How many references reclaim finds on <paramref name="page"/>, clearing them: the young bit
    /// of the ptes mapping it (the model keeps one bit for all of them, <see cref="Page.Referenced"/>)
    /// and, before 2.6.34, PG_referenced too, which page_referenced tested and cleared itself;
    /// from then page_check_references tests the flag on its own
    /// (<see cref="ActiveListEras.PageCheckReferences"/>). The walk takes no step of the model: the
    /// young bit is read and cleared under the pte lock with nothing else touched.
    /// </summary>
    [Models("mm/rmap.c", "page_referenced (TestClearPageReferenced, page_referenced_file)", "2.6.20")]
    [Models("mm/rmap.c", "page_referenced", "3.18")]
    [Models("mm/rmap.c", "folio_referenced", "6.9")]
    public int FolioReferenced(Page page)
    {
        var referenced = 0;
        if (!kernel.Era.PageCheckReferences() && page.PageReferenced)
        {
            page.PageReferenced = false;
            referenced++;
        }

        if (page.Referenced)
        {
            page.Referenced = false; // ptep_clear_flush_young
            referenced++;
        }

        return referenced;
    }
}
