using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// memcg limit reclaim: a charge over its memcg's limit reclaims from that memcg's pages only,
/// as a task that is not kswapd (not global reclaim), with the charge's gfp mask
/// (<see cref="Memcg.Memcontrol.TryCharge"/>). It runs the same shrink_page_list as direct
/// reclaim (<see cref="ShrinkIsolatedFolio"/>), with one difference that is memcg reclaim's own:
/// memcg reclaim has no dirty throttle behind it, so from 3.6 it waits on a page under writeback
/// that an earlier scan marked PG_reclaim instead of passing over it, where its gfp mask allows
/// (<see cref="MemcgReclaimWaitOnWriteback"/>).
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>
    /// Reclaim from <paramref name="memcg"/>'s pages with PF_MEMALLOC set; returns how many were
    /// freed. As <see cref="TryToFreePages"/>: the memcg's pages are isolated with a reference
    /// each in one step, then shrink_page_list goes through them in page-cache order and stops
    /// once SWAP_CLUSTER_MAX are freed; the priority loop is not modelled, so one call meets each
    /// page once, and a page kept now is met again by the charge's next round. sc.may_writepage is
    /// !laptop_mode; a dirty page is written only where the era lets a task that is not kswapd
    /// write and the gfp mask has __GFP_FS (may_enter_fs). The zone and node flags are not set
    /// by memcg reclaim in the model (before 4.18 the kernel's shrink_inactive_list did set them
    /// for any reclaimer; not modelled).
    /// </summary>
    [Models("mm/vmscan.c", "try_to_free_mem_cgroup_pages", "2.6.29")]
    [Models("mm/vmscan.c", "try_to_free_mem_cgroup_pages", "3.18")]
    [Models("mm/vmscan.c", "try_to_free_mem_cgroup_pages", "4.19")]
    [Models("mm/vmscan.c", "try_to_free_mem_cgroup_pages", "6.9")]
    [Models("mm/vmscan.c", "shrink_page_list (may_enter_fs)", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> TryToFreeMemCgroupPages(MemCgroup memcg, Gfp gfp)
    {
        EnterReclaim();
        try
        {
            var mayWritepage = kernel.Throttle.Sysctls.LaptopMode == 0;
            var mayEnterFs = gfp.HasFlag(Gfp.Fs);
            await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel(kernel.Names.IsolateLru));
            var isolated = kernel.CachedPages().Where(page => page.Mapping?.Host.Memcg == memcg && IsolateLruPage(page, mayWritepage)).ToList();
            foreach (var page in isolated)
            {
                Filemap.FolioGet(page);
            }

            var stat = new ReclaimStat { TargetMemCgroup = memcg, GfpMask = gfp };
            var nrReclaimed = 0;
            foreach (var page in isolated)
            {
                if (nrReclaimed >= SwapClusterMax)
                {
                    Filemap.FolioPut(page);
                    continue;
                }

                stat.NrTaken++;
                if (await ShrinkIsolatedFolio(page, kswapd: false, mayWritepage && mayEnterFs, stat) == ReclaimResult.Freed)
                {
                    nrReclaimed++;
                }
            }

            return nrReclaimed;
        }
        finally
        {
            ExitReclaim();
        }
    }

    /// <summary>
    /// shrink_page_list's third case for a locked page under writeback: memcg reclaim meets a
    /// page already marked PG_reclaim (an earlier scan met it under writeback, or reclaim wrote
    /// it), so writeback is slower than the scan, and it waits for the page's writeback to end
    /// rather than pass over it and go OOM (from 3.6, <see cref="MemcgEras.MemcgReclaimWaitsOnWriteback"/>).
    /// The gfp mask must allow it: __GFP_IO from 3.6 (the loop driver masks it off), __GFP_FS
    /// (may_enter_fs) from 4.2 (<see cref="MemcgEras.MemcgReclaimWaitNeedsMayEnterFs"/>), because
    /// a filesystem charging with GFP_NOFS may hold pages under writeback whose bio it has not
    /// submitted. Never on cgroup v2 from 4.2 (<see cref="MemcgEras.MemcgReclaimOnDefaultHierarchyIsSane"/>).
    /// Returns whether it waited: the page, still locked, is no longer under writeback and goes on
    /// through shrink_page_list; otherwise the caller passes over it (the second case, which
    /// marks it, <see cref="ShrinkFolioUnderWriteback"/>). The 3.x form waits with the page lock
    /// held, as modelled; 6.9 unlocks, waits and takes the page through the list again [I: no
    /// scenario's other thread needs the lock of a page under writeback].
    /// </summary>
    [Models("mm/vmscan.c", "shrink_page_list (PageWriteback: wait_on_page_writeback for memcg reclaim)", "3.18")]
    [Models("mm/vmscan.c", "shrink_page_list (PageWriteback: case 3)", "4.19")]
    [Models("mm/vmscan.c", "shrink_folio_list (folio_test_writeback: case 3)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> MemcgReclaimWaitOnWriteback(Page page, ReclaimStat stat)
    {
        var era = kernel.Era;
        if (stat.TargetMemCgroup is not { } memcg || !era.MemcgReclaimWaitsOnWriteback() || !page.Reclaim)
        {
            return false;
        }

        if (era.MemcgReclaimOnDefaultHierarchyIsSane() && memcg.OnDefaultHierarchy)
        {
            return false;
        }

        var gate = era.MemcgReclaimWaitNeedsMayEnterFs() ? Gfp.Fs : Gfp.Io;
        if (!stat.GfpMask.HasFlag(gate) && !kernel.Faults.MemcgReclaimWaitIgnoresGfp)
        {
            return false;
        }

        await Filemap.FolioWaitWriteback(page);
        return true;
    }
}
