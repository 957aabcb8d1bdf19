using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// memcg limit reclaim: a charge over its memcg's limit reclaims from that memcg's pages only,
/// as a task that is not kswapd (not global reclaim), with the charge's gfp mask
/// (<see cref="Memcg.Memcontrol.TryCharge"/>). It runs direct reclaim's priority loop
/// (do_try_to_free_pages, <see cref="DoTryToFreePages"/>) with the memcg as the scan control's
/// target: each round scans, zone by zone, the memcg's pages by the memcg's own count
/// (<see cref="MemcgScanCount"/>), through the same shrink_page_list as direct reclaim
/// (<see cref="ShrinkIsolatedFolio"/>), with one difference that is memcg reclaim's own:
/// memcg reclaim has no dirty throttle behind it, so from 3.6 it waits on a page under writeback
/// that an earlier scan marked PG_reclaim instead of passing over it, where its gfp mask allows
/// (<see cref="MemcgReclaimWaitOnWriteback"/>).
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>Each memcg's deferred scan counts per zone and list (the memcg's reclaim_stat-&gt;nr_saved_scan[l]), in the eras that defer.</summary>
    private Dictionary<(MemCgroup Memcg, int Zone, bool Active), long>? memcgSavedScan;

    /// <summary>
    /// Reclaim from <paramref name="memcg"/>'s pages with PF_MEMALLOC set; returns how many were
    /// freed. The scan control: SWAP_CLUSTER_MAX to reclaim (max(nr_pages, SWAP_CLUSTER_MAX) from
    /// 3.x, one page a charge in the model), sc.may_writepage !laptop_mode (the loop raises it as
    /// for direct reclaim), the charge's gfp mask, whose __GFP_FS is may_enter_fs for a dirty page;
    /// the zonelist (GFP_HIGHUSER_MOVABLE: every zone) of the charging task's node, where the
    /// kernel from 3.x starts at mem_cgroup_select_victim_node's [V: 4.19] (the memcg's pages
    /// are the same either way; only the order the zones are met differs). The loop's
    /// naps (to 2.6.36) and flusher wake-ups by scan count (to 4.10) are memcg reclaim's too;
    /// 6.9's consider_reclaim_throttle skips cgroup reclaim. Its batches mark the node (to 4.17)
    /// or the memcg (from 4.18) congested on cgroup v2, and it naps on a congested mark
    /// (<see cref="MemcgFlagCongestedAfterBatch"/>, <see cref="ThrottleIfCongested"/>); the mark
    /// is cleared at the end (<see cref="ClearMemcgCongested"/>). Before 4.18 its batches set the
    /// zone (node) writing-back flag, and on cgroup v2 the dirty flag, as global reclaim's do
    /// (<see cref="MemcgFlagReclaimAfterBatch"/>). Not modelled: 2.6.3x's mem_cgroup_hierarchical_reclaim
    /// around it, which for a memcg without children calls it once a charge round [R].
    /// </summary>
    [Models("mm/vmscan.c", "try_to_free_mem_cgroup_pages", "2.6.29")]
    [Models("mm/vmscan.c", "try_to_free_mem_cgroup_pages", "3.18")]
    [Models("mm/vmscan.c", "try_to_free_mem_cgroup_pages", "4.19")]
    [Models("mm/vmscan.c", "try_to_free_mem_cgroup_pages", "6.9")]
    [Models("mm/vmscan.c", "shrink_page_list (may_enter_fs)", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> TryToFreeMemCgroupPages(MemCgroup memcg, Gfp gfp)
    {
        EnterReclaim(gfp);
        try
        {
            var sc = new ScanControl
            {
                NrToReclaim = SwapClusterMax,
                MayWritepage = kernel.Throttle.Sysctls.LaptopMode == 0,
                TargetMemCgroup = memcg,
                // From 4.12 a GFP_NOFS scope on the charging task drops __GFP_FS here too.
                GfpMask = kernel.PageAlloc.CurrentGfpContext(gfp),
            };
            var node = kernel.Config.Machine.CpuToNode(kernel.Throttle.Current.Cpu);
            var reclaimed = await DoTryToFreePages([.. kernel.PageAlloc.Zonelist(node)], sc);
            ClearMemcgCongested(memcg);
            return reclaimed;
        }
        finally
        {
            ExitReclaim();
        }
    }

    /// <summary>
    /// After shrink_page_list went through a batch of memcg reclaim: when every page the batch took
    /// was dirty and not queued for I/O, the flushers are woken for every dirty page, as for global
    /// reclaim (<see cref="AfterShrinkingBatch"/>): from 4.11 (<see cref="PriorityLoopEras.ReclaimWakesFlushersOnUnqueuedDirty"/>)
    /// under sane_reclaim, a memcg on cgroup v2 (<see cref="MemcgEras.MemcgReclaimOnDefaultHierarchyIsSane"/>);
    /// from 4.16 for a cgroup v1 memcg too (<see cref="MemcgEras.MemcgReclaimWakesFlushersOnLegacyHierarchy"/>).
    /// The flushers write every wb's pages (the memcg's wb's share from 4.2), not the memcg's alone.
    /// From 6.1 a memcg reclaim that is not writeback_throttling_sane (cgroup v1) then throttles
    /// itself (<see cref="MemcgEras.MemcgLegacyReclaimThrottlesAfterWakingFlushers"/>), so that
    /// the flushers it woke get ahead of it. Then, before 4.18, the zone (node) flags
    /// (<see cref="MemcgFlagReclaimAfterBatch"/>), the congested mark of a cgroup v2 memcg's
    /// batch, and the nap on a congested mark that any reclaimer but kswapd takes.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (sane_reclaim: nr_unqueued_dirty == nr_taken: wakeup_flusher_threads)", "4.13")]
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_unqueued_dirty == nr_taken: wakeup_flusher_threads)", "4.19")]
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_unqueued_dirty == nr_taken: wakeup_flusher_threads)", "6.9")]
    [Models("mm/vmscan.c", "shrink_inactive_list (!writeback_throttling_sane: reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK))", "6.9")]
    [Models("mm/vmscan.c", "shrink_inactive_list (!current_is_kswapd: wait_iff_congested)", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask MemcgReclaimAfterShrinkingBatch(MemCgroup memcg, Page first, ReclaimStat stat)
    {
        var era = kernel.Era;
        var sane = era.MemcgReclaimOnDefaultHierarchyIsSane() && memcg.OnDefaultHierarchy;
        if (era.ReclaimWakesFlushersOnUnqueuedDirty() && stat.AllUnqueuedDirty
            && (sane || era.MemcgReclaimWakesFlushersOnLegacyHierarchy()))
        {
            kernel.Throttle.WakeupFlusherThreads(0);
            if (!sane && era.MemcgLegacyReclaimThrottlesAfterWakingFlushers())
            {
                await ReclaimThrottleWriteback();
            }
        }

        MemcgFlagReclaimAfterBatch(memcg, first, stat);
        MemcgFlagCongestedAfterBatch(memcg, first, stat);
        await ThrottleIfCongested(first, memcg);
    }

    /// <summary>Whether <paramref name="page"/> is on the LRU this reclaim scans: the memcg's own lruvec for memcg reclaim, the zone's for global reclaim.</summary>
    [Models("mm/memcontrol.c", "mem_cgroup_page_lruvec", "3.18")]
    private static bool OnLruOf(Page page, ScanControl sc) =>
        sc.TargetMemCgroup is not { } memcg || page.Mapping?.Host.Memcg == memcg;

    /// <summary>
    /// How many of the memcg's inactive pages in <paramref name="zone"/> this round scans, from
    /// the shifted size <paramref name="scan"/>: at once (2.6.29, 3.19 on), or deferred in the
    /// memcg's own saved count until it reaches a batch (2.6.36,
    /// <see cref="MemcgEras.MemcgReclaimDefersSmallBatches"/>). 3.19's force_scan, on both lists
    /// when neither has a count, is <see cref="GetScanCount"/>'s.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_zone (scanning_global_lru: else nr[l] = scan)", "2.6.29")]
    [Models("mm/vmscan.c", "nr_scan_try_batch (reclaim_stat->nr_saved_scan)", "2.6.36")]
    [Models("mm/vmscan.c", "get_scan_count", "3.18")]
    [Models("mm/vmscan.c", "get_scan_count", "4.19")]
    private long MemcgScanCount(MemCgroup memcg, Zone zone, long scan) =>
        kernel.Era.MemcgReclaimDefersSmallBatches() ? MemcgDeferredScanCount(memcg, zone, active: false, scan) : scan;

    /// <summary>
    /// memcg reclaim's deferral of <paramref name="scan"/> in <paramref name="memcg"/>'s own
    /// saved count for <paramref name="zone"/>'s inactive (<paramref name="active"/>: active)
    /// list (<see cref="NrScanTryBatch"/>).
    /// </summary>
    [Models("mm/vmscan.c", "get_scan_count (get_reclaim_stat: the memcg's nr_saved_scan[l])", "2.6.36")]
    private long MemcgDeferredScanCount(MemCgroup memcg, Zone zone, bool active, long scan)
    {
        // The saved count is the memcg's, shared by every charge that reclaims from it.
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        memcgSavedScan ??= [];
        return NrScanTryBatch(scan, ref CollectionsMarshal.GetValueRefOrAddDefault(memcgSavedScan, (memcg, zone.Id, active), out _));
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
