using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The congested mark and the nap it causes (<see cref="CongestedEras"/>). shrink_page_list
/// counts a batch's dirty and writeback pages and the congested ones among them; a batch whose
/// every such page was congested marks its zone (ZONE_CONGESTED, 3.19), node (PGDAT_CONGESTED,
/// 4.13 to 5.0) or the node's root lruvec (LRUVEC_NODE_CONGESTED, 6.9), set by the reclaimers
/// that set the dirty flag (<see cref="FlagReclaimAfterBatch"/>), and from 4.18 a cgroup v2
/// memcg's reclaim marks the memcg instead. A reclaimer that is not kswapd then naps: until 4.17
/// after each batch in wait_iff_congested, which sleeps only while a queue is write-congested and
/// the zone (node) is marked; in 4.18 to 5.x once a shrink_node (a batch in the model, as the
/// flags are) in wait_iff_congested on a marked node or memcg, which sleeps only while a queue is
/// congested (never on 5.0's blk-mq disk, <see cref="RequestQueueEras.RequestQueueSetsCongested"/>); in 6.9 on a marked lruvec, reclaim_throttle(VMSCAN_THROTTLE_CONGESTED), a jiffy
/// unless few of the node's pages wait for writeback. kswapd clears the node's mark where it
/// clears the dirty flag; a memcg's goes at the end of its reclaim.
/// Not modelled: current_may_throttle (a PF_LESS_THROTTLE task, nfsd or the loop driver, that
/// writes to an uncongested queue is not throttled: the model has no such task).
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>ZONE_CONGESTED (3.19) of each zone, PGDAT_CONGESTED (4.13 to 5.0) or LRUVEC_NODE_CONGESTED (6.9 on) of each node, keyed as <see cref="reclaimDirty"/>.</summary>
    private ulong reclaimCongested;

    /// <summary>Each memcg's own mark, one bit a node (mem_cgroup_per_node-&gt;congested, 4.18 to 5.x; LRUVEC_CGROUP_CONGESTED, 6.9 on).</summary>
    private Dictionary<MemCgroup, ulong>? memcgCongested;

    /// <summary>
    /// shrink_page_list's counts for a locked page: nr_dirty for a page dirty or under writeback,
    /// nr_congested for such a page on a write-congested queue (to 5.x) or under writeback and
    /// already marked PG_reclaim. Taken before the page's writeback branch marks it.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_page_list (page_check_dirty_writeback: nr_dirty, nr_congested)", "3.18")]
    [Models("mm/vmscan.c", "shrink_page_list (nr_dirty, nr_congested: inode_write_congested)", "4.19")]
    [Models("mm/vmscan.c", "shrink_folio_list (nr_dirty, nr_congested: writeback && folio_test_reclaim)", "6.9")]
    private void CountCongested(Page page, ReclaimStat stat)
    {
        var era = kernel.Era;
        if (!era.ReclaimMarksCongested())
        {
            return;
        }

        var dirty = page.Dirty;
        var writeback = page.Writeback;
        if (dirty || writeback)
        {
            stat.NrDirty++;
        }

        // A page whose writeback was marked before has come back to the LRU's tail still
        // unwritten: reclaim is outrunning the disk, congested queue or not.
        var queueCongested = era.CongestedCountsQueueCongestion() && (dirty || writeback) && page.Mapping is not null
            && kernel.BackingDev.WriteCongested;
        if (queueCongested || (writeback && page.Reclaim))
        {
            stat.NrCongested++;
        }
    }

    /// <summary>
    /// After a batch of global reclaim whose dirty and writeback pages were all congested: mark
    /// the zone (node; the node's root lruvec from 6.9). Called by whoever sets the dirty flag
    /// (<see cref="FlagReclaimAfterBatch"/>): any global reclaimer to 4.17, kswapd alone after.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (global_reclaim: nr_dirty == nr_congested: ZONE_CONGESTED)", "3.18")]
    [Models("mm/vmscan.c", "shrink_inactive_list (sane_reclaim: nr_dirty == nr_congested: PGDAT_CONGESTED)", "4.13")]
    [Models("mm/vmscan.c", "shrink_node (current_is_kswapd: sc->nr.dirty == sc->nr.congested: PGDAT_CONGESTED)", "4.19")]
    [Models("mm/vmscan.c", "shrink_node (current_is_kswapd: LRUVEC_NODE_CONGESTED)", "6.9")]
    private void FlagReclaimCongestedAfterBatch(Page page, ReclaimStat stat)
    {
        if (kernel.Era.ReclaimMarksCongested() && stat.AllDirtyCongested && !kernel.Faults.ReclaimDoesNotMarkCongested)
        {
            SetReclaimFlag(ref reclaimCongested, page);
        }
    }

    /// <summary>
    /// After a batch of a memcg's limit reclaim whose dirty and writeback pages were all
    /// congested, a memcg on cgroup v2 (sane reclaim) marks: the node, 4.2 to 4.17; itself from
    /// 4.18 (<see cref="CongestedEras.MemcgReclaimMarksItsOwnCongestion"/>). A cgroup v1 memcg's
    /// reclaim waits on writeback instead and marks nothing.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (sane_reclaim: PGDAT_CONGESTED)", "4.13")]
    [Models("mm/vmscan.c", "shrink_node (sane_reclaim: set_memcg_congestion)", "4.19")]
    [Models("mm/vmscan.c", "shrink_node (writeback_throttling_sane: LRUVEC_CGROUP_CONGESTED)", "6.9")]
    private void MemcgFlagCongestedAfterBatch(MemCgroup memcg, Page page, ReclaimStat stat)
    {
        var era = kernel.Era;
        var sane = era.MemcgReclaimOnDefaultHierarchyIsSane() && memcg.OnDefaultHierarchy;
        if (!sane || !era.ReclaimMarksCongested() || !stat.AllDirtyCongested || kernel.Faults.ReclaimDoesNotMarkCongested)
        {
            return;
        }

        if (!era.MemcgReclaimMarksItsOwnCongestion())
        {
            SetReclaimFlag(ref reclaimCongested, page);
            return;
        }

        memcgCongested ??= [];
        var flags = memcgCongested.GetValueOrDefault(memcg);
        SetReclaimFlag(ref flags, page);
        memcgCongested[memcg] = flags;
    }

    /// <summary>
    /// The nap of a reclaimer that is not kswapd after a batch (<paramref name="memcg"/>: a
    /// memcg's limit reclaim, null: global direct reclaim) on <paramref name="page"/>'s zone or
    /// node, as each era has it (the class summary).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (!current_is_kswapd: wait_iff_congested(zone))", "3.18")]
    [Models("mm/vmscan.c", "shrink_inactive_list (!current_is_kswapd: wait_iff_congested(pgdat))", "4.13")]
    [Models("mm/vmscan.c", "shrink_node (!current_is_kswapd && pgdat_memcg_congested: wait_iff_congested)", "4.19")]
    [Models("mm/vmscan.c", "shrink_node (!current_is_kswapd && LRUVEC_*_CONGESTED: reclaim_throttle)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask ThrottleIfCongested(Page page, MemCgroup? memcg)
    {
        var era = kernel.Era;
        if (!era.ReclaimMarksCongested() || kernel.Faults.ReclaimSkipsCongestedNap)
        {
            return;
        }

        if (era.ReclaimWaitsIffCongestedPerBatch())
        {
            await WaitIffCongested(page, Time.Timers.Hz / 10);
            return;
        }

        // 4.18 to 5.x: the node's mark (which a memcg's reclaim heeds too) or the memcg's own;
        // 6.9: the target lruvec's, the root's for global reclaim, the memcg's for its reclaim.
        var marked = era.ReclaimThrottlesOnCongested()
            ? (memcg is null ? TestReclaimFlag(reclaimCongested, page) : MemcgCongested(memcg, page))
            : TestReclaimFlag(reclaimCongested, page) || (memcg is not null && MemcgCongested(memcg, page));
        if (!marked)
        {
            return;
        }

        if (era.ReclaimThrottlesOnCongested())
        {
            ObserveCongestionGate(CongestionGate.NappedOnCongestedMark);
            await ReclaimThrottleNoprogress(page.Zone?.Node ?? 0);
            return;
        }

        // wait_iff_congested(BLK_RW_ASYNC, HZ/10) of 4.18 on: a sleep only while a queue is
        // congested, a cond_resched (no step of the model) otherwise.
        if (kernel.BackingDev.WriteCongested)
        {
            ObserveCongestionGate(CongestionGate.NappedOnCongestedMark);
            await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10);
        }
    }

    /// <summary>
    /// wait_iff_congested(zone / pgdat, BLK_RW_ASYNC, timeout) to 4.17: while a queue is
    /// write-congested and <paramref name="page"/>'s zone (node) is marked congested, sleep until a
    /// write completes (the queue is congested, so one is in flight) or the timeout; otherwise
    /// cond_resched, with nothing shared touched before the caller's next step: no step.
    /// Returns whether it slept.
    /// </summary>
    internal ValueTask<bool> WaitIffCongested(Page page, long timeout) => WaitIffCongested(ZoneOrNodeBit(page), timeout);

    /// <summary>wait_iff_congested of a zone: <see cref="WaitIffCongested(Page, long)"/> with the zone's bit (the allocator's retry, 3.19).</summary>
    internal ValueTask<bool> WaitIffCongested(Zone zone, long timeout) => WaitIffCongested(ZoneOrNodeBit(zone), timeout);

    [Models("mm/backing-dev.c", "wait_iff_congested (nr_bdi_congested, ZONE_CONGESTED)", "3.18")]
    [Models("mm/backing-dev.c", "wait_iff_congested (nr_wb_congested, PGDAT_CONGESTED)", "4.13")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> WaitIffCongested(ulong zoneOrNodeBit, long timeout)
    {
        if (!kernel.BackingDev.WriteCongested || !TestReclaimBit(reclaimCongested, zoneOrNodeBit))
        {
            return false;
        }

        ObserveCongestionGate(CongestionGate.NappedOnCongestedMark);
        await kernel.BackingDev.CongestionWait(timeout);
        return true;
    }

    /// <summary>Tell the observers which congestion gate reclaim passed (<see cref="IKernelObserver.ReclaimCongestionGate"/>).</summary>
    private void ObserveCongestionGate(CongestionGate gate)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.ReclaimCongestionGate(gate);
        }
    }

    /// <summary>test_bit of a memcg's own mark for the page's node.</summary>
    private bool MemcgCongested(MemCgroup memcg, Page page)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        return memcgCongested is not null && (memcgCongested.GetValueOrDefault(memcg) & ZoneOrNodeBit(page)) != 0;
    }

    /// <summary>
    /// The end of a memcg's do_try_to_free_pages clears its own mark on every node
    /// (set_memcg_congestion(pgdat, memcg, false) from 4.18, clear_bit(LRUVEC_CGROUP_CONGESTED) in
    /// 6.9).
    /// </summary>
    [Models("mm/vmscan.c", "do_try_to_free_pages (set_memcg_congestion(last_pgdat, sc->target_mem_cgroup, false))", "4.19")]
    [Models("mm/vmscan.c", "do_try_to_free_pages (cgroup_reclaim: clear_bit(LRUVEC_CGROUP_CONGESTED))", "6.9")]
    private void ClearMemcgCongested(MemCgroup memcg)
    {
        if (!kernel.Era.MemcgReclaimMarksItsOwnCongestion())
        {
            return;
        }

        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        if (memcgCongested is not null && memcgCongested.GetValueOrDefault(memcg) != 0)
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
            memcgCongested[memcg] = 0;
        }
    }
}
