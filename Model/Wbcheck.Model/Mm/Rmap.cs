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
}
