using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
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
    /// allocator's did_some_progress). The priority loop (<see cref="DoTryToFreePages"/>) scans
    /// the zones round by round until SWAP_CLUSTER_MAX pages are freed. A dirty page is written
    /// only where the era lets direct reclaim write (<see cref="KernelEras.OnlyKswapdWritesFsPages"/>)
    /// and sc.may_writepage is set (!laptop_mode, raised by the loop where the era does); with it
    /// off, from 3.2 to 4.10 the isolation takes only clean pages (<see cref="IsolateLruPage"/>).
    /// <paramref name="gfpMask"/> is the allocation's (sc.gfp_mask, every era): without __GFP_FS
    /// (GFP_NOFS, a filesystem allocating under its own locks) may_enter_fs is false, so
    /// shrink_page_list keeps a dirty page rather than call the filesystem's -&gt;writepage
    /// (2.5.31 to 2.6.36, the eras where direct reclaim writes), 2.5.31's shrink_cache does not
    /// wait on a page under writeback, and from 2.6.29 throttle_vm_writeout naps only once
    /// (<see cref="Throttle.DirtyThrottle.ThrottleVmWriteout"/>). From 4.12 the task's GFP_NOFS
    /// scope takes __GFP_FS off too (current_gfp_context, <see cref="PageAlloc.MemallocNofsSave"/>).
    /// </summary>
    [Models("mm/vmscan.c", "try_to_free_pages", "2.6.20")]
    [Models("mm/vmscan.c", "try_to_free_pages", "3.18")]
    [Models("mm/vmscan.c", "try_to_free_pages", "6.9")]
    [Models("mm/vmscan.c", "try_to_free_pages (.gfp_mask = gfp_mask)", "2.6.20")]
    [Models("mm/vmscan.c", "try_to_free_pages (.gfp_mask = current_gfp_context(gfp_mask))", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> TryToFreePages(IReadOnlyList<Zone> zonelist, Gfp gfpMask)
    {
        // __perform_reclaim (3.x on; __alloc_pages itself in 2.6.20): PF_MEMALLOC around it.
        EnterReclaim(gfpMask);
        try
        {
            var sc = new ScanControl
            {
                NrToReclaim = SwapClusterMax,
                MayWritepage = kernel.Throttle.Sysctls.LaptopMode == 0,
                GfpMask = kernel.Faults.DirectReclaimIgnoresGfp ? Gfp.Kernel : kernel.PageAlloc.CurrentGfpContext(gfpMask),
            };
            return await DoTryToFreePages(zonelist, sc);
        }
        finally
        {
            ExitReclaim();
        }
    }
}
