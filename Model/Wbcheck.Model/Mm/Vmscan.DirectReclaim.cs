using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// Direct reclaim: a task whose allocation found every zone it may use at or below its min
/// watermark reclaims pages itself before it tries again (<see cref="PageAlloc.AllocPagesDirectReclaim"/>).
/// It runs the same shrink_page_list as kswapd (<see cref="ShrinkIsolatedFolio"/>) as a task that
/// is not kswapd, so from 3.2 it leaves dirty file pages to the flusher (ee72886d8ed5).
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>SWAP_CLUSTER_MAX: the pages one direct reclaim aims to free (sc.nr_to_reclaim, sc.swap_cluster_max in 2.6.20).</summary>
    private const int SwapClusterMax = 32;

    /// <summary>
    /// Reclaim pages of <paramref name="zonelist"/>'s zones (those the allocation may use, in its
    /// order) with PF_MEMALLOC set, as a task in direct reclaim; returns how many were freed (the
    /// allocator's did_some_progress). Each zone's pages are isolated with a reference each in
    /// one step, as isolate_lru_pages takes a batch off the LRU under the lru lock, then
    /// shrink_page_list goes through them; the LRU order and the priority loop are not modelled:
    /// one pass takes every page of every eligible zone (the model's zones hold fewer than a
    /// batch), in page-cache order, and stops once SWAP_CLUSTER_MAX are freed. A dirty page is
    /// written only where the era lets direct reclaim write (<see cref="KernelEras.OnlyKswapdWritesFsPages"/>)
    /// and sc.may_writepage is set (!laptop_mode; the model never raises it after scanning
    /// past one and a half batches, which its zones never hold); with it off, from 3.2 to 4.10 the
    /// isolation takes only clean pages (<see cref="IsolateLruPage"/>). From 4.8 reclaim is by node
    /// (shrink_node, reclaim_idx bounding which zones' pages are isolated): the same pages.
    /// </summary>
    [Models("mm/vmscan.c", "try_to_free_pages", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_zones", "2.6.20")]
    [Models("mm/vmscan.c", "do_try_to_free_pages", "3.18")]
    [Models("mm/vmscan.c", "shrink_zones", "3.18")]
    [Models("mm/vmscan.c", "shrink_zones", "4.19")]
    [Models("mm/vmscan.c", "shrink_node", "4.19")]
    [Models("mm/vmscan.c", "isolate_lru_pages", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> TryToFreePages(IReadOnlyList<Zone> zonelist)
    {
        // __perform_reclaim (3.x on; __alloc_pages itself in 2.6.20): PF_MEMALLOC around it.
        EnterReclaim();
        try
        {
            var mayWritepage = kernel.Throttle.Sysctls.LaptopMode == 0;
            var nrReclaimed = 0;
            foreach (var zone in zonelist)
            {
                await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel(kernel.Names.IsolateLru));
                var isolated = kernel.CachedPages().Where(page => page.Zone == zone && IsolateLruPage(page, mayWritepage)).ToList();
                foreach (var page in isolated)
                {
                    Filemap.FolioGet(page);
                }

                var stat = new ReclaimStat();
                foreach (var page in isolated)
                {
                    // The rest of the batch goes back to the LRU (putback_lru_pages) once enough are freed.
                    if (nrReclaimed >= SwapClusterMax)
                    {
                        Filemap.FolioPut(page);
                        continue;
                    }

                    stat.NrTaken++;
                    if (await ShrinkIsolatedFolio(page, kswapd: false, mayWritepage, stat) == ReclaimResult.Freed)
                    {
                        nrReclaimed++;
                    }
                }

                if (isolated.Count > 0)
                {
                    FlagReclaimAfterBatch(isolated[0], kswapd: false, stat);
                }
            }

            return nrReclaimed;
        }
        finally
        {
            ExitReclaim();
        }
    }
}
