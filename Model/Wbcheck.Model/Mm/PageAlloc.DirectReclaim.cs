using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageAlloc
{
    private long allocStall;

    /// <summary>ALLOCSTALL: how often a task entered direct reclaim.</summary>
    public long AllocStall => allocStall;

    /// <summary>
    /// The slow path below the min watermark: the allocating task reclaims from the zones it may
    /// use (<see cref="Vmscan.TryToFreePages"/>) and, having freed some, tries the allocation
    /// again: its caller does, from the top of the page-cache lookup (<see cref="TryAllocPage"/>
    /// returned null with the tree lock held; the caller dropped it to sleep here). The kernel's
    /// own retry after reclaim takes the zonelist again at once (get_page_from_freelist in
    /// __alloc_pages_direct_reclaim, 3.x on; after try_to_free_pages in 2.6.20's __alloc_pages)
    /// and, failing, loops back to the slow path's start; a lookup that finds the page cached
    /// meanwhile is what add_to_page_cache's -EEXIST sends the kernel back to. An allocation that
    /// frees nothing would go to the OOM killer (or, 4.x on, should_reclaim_retry's retries):
    /// not modelled, refused as such.
    /// </summary>
    /// <exception cref="UnmodelledPathException">Direct reclaim freed no page.</exception>
    [Models("mm/page_alloc.c", "__alloc_pages (rebalance: try_to_free_pages)", "2.6.20")]
    [Models("mm/page_alloc.c", "__alloc_pages_direct_reclaim", "3.18")]
    [Models("mm/page_alloc.c", "__perform_reclaim", "3.18")]
    [Models("mm/page_alloc.c", "__alloc_pages_direct_reclaim", "4.19")]
    [Models("mm/page_alloc.c", "__alloc_pages_direct_reclaim", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask AllocPagesDirectReclaim(AddressSpace mapping)
    {
        var zonelist = Zonelist(mapping);
        allocStall++;
        var progress = await kernel.Vmscan.TryToFreePages(zonelist);
        if (progress == 0)
        {
            throw new UnmodelledPathException("__alloc_pages_slowpath",
                $"direct reclaim freed no page of {string.Join(", ", zonelist)} (every page busy, dirty for the flusher, or referenced) for {mapping}: the OOM killer and the retries without progress are not modelled");
        }
    }
}
