using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// A page reclaim finds under writeback. Reclaim never waits for it (but memcg limit reclaim may,
/// first: <see cref="MemcgReclaimWaitOnWriteback"/>): it keeps the page (activates it from 4.11) and, from 3.6, marks it
/// PG_reclaim so that end_page_writeback rotates it to the LRU's tail, to be freed soon
/// (<see cref="RotateReclaimablePage"/>). From 3.11 a batch whose pages were all under writeback flags the
/// zone (from 4.8 the node) as writing back (ZONE_WRITEBACK, PGDAT_WRITEBACK); kswapd then meeting a
/// page it marked before counts it as immediate, the pages cycling round the LRU faster than the
/// disk writes them, and stalls after the batch. As with the dirty flag, the kernel clears it when
/// kswapd finds the node balanced: the model's kswapd loop does (<see cref="Kswapd"/>).
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>ZONE_WRITEBACK (3.11 to 4.7) of each zone, PGDAT_WRITEBACK (4.8 on) of each node, keyed as <see cref="reclaimDirty"/>.</summary>
    private ulong reclaimWriteback;

    /// <summary>shrink_page_list's PageWriteback branch for a locked page under writeback.</summary>
    [Models("mm/vmscan.c", "shrink_page_list (PageWriteback: nr_writeback++, goto keep)", "2.6.36")]
    [Models("mm/vmscan.c", "shrink_page_list (PageWriteback: case 1 nr_immediate, case 2 SetPageReclaim)", "3.18")]
    [Models("mm/vmscan.c", "shrink_folio_list (folio_test_writeback: case 1, case 2)", "6.9")]
    private ReclaimResult ShrinkFolioUnderWriteback(Page page, bool kswapd, ReclaimStat stat)
    {
        var era = kernel.Era;
        if (kswapd && era.KswapdStallsOnPagesUnderWriteback() && page.Reclaim && ReclaimWriteback(page))
        {
            stat.NrImmediate++;
            return KeepOrActivateUnwritable(page);
        }

        // c3b94f44fcb0's mark is also what makes memcg reclaim wait the next time (Vmscan.Memcg.cs).
        if (era.ReclaimMarksPagesUnderWriteback())
        {
            page.Reclaim = true;
        }

        stat.NrWriteback++;
        return KeepOrActivateUnwritable(page);
    }

    /// <summary>test_bit(ZONE_WRITEBACK / PGDAT_WRITEBACK) of the page's zone or node.</summary>
    private bool ReclaimWriteback(Page page) => TestReclaimFlag(reclaimWriteback, page);

    /// <summary>
    /// After a batch of which every page taken was under writeback, flag its zone (node): reclaim
    /// is cycling through pages faster than they are written. Set by whoever sets the dirty flag
    /// (<see cref="FlagReclaimAfterBatch"/>), and before 4.18 by any memcg's reclaim
    /// (<see cref="MemcgFlagReclaimAfterBatch"/>).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_writeback == nr_taken: ZONE_WRITEBACK)", "3.18")]
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_writeback == nr_taken: PGDAT_WRITEBACK)", "4.13")]
    [Models("mm/vmscan.c", "shrink_node (sc->nr.writeback == sc->nr.taken)", "6.9")]
    private void FlagReclaimWritebackAfterBatch(Page page, ReclaimStat stat)
    {
        if (kernel.Era.KswapdStallsOnPagesUnderWriteback() && stat.NrWriteback != 0 && stat.NrWriteback == stat.NrTaken)
        {
            SetReclaimFlag(ref reclaimWriteback, page);
        }
    }

    /// <summary>
    /// kswapd, having met pages marked for immediate reclaim still under writeback, waits for
    /// the disk: congestion_wait(BLK_RW_ASYNC, HZ/10), which the next completion ends to 4.20 and
    /// which on 5.0's blk-mq queue lasts its whole timeout (nothing clears a congested bit);
    /// reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK) in 6.9, up to HZ/10, ended early only by
    /// SWAP_CLUSTER_MAX pages ending writeback on the node, more than the model's files hold, so
    /// the whole timeout passes.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_immediate: congestion_wait)", "3.18")]
    [Models("mm/vmscan.c", "shrink_node (sc->nr.immediate: congestion_wait)", "4.19")]
    [Models("mm/vmscan.c", "shrink_node (sc->nr.immediate: reclaim_throttle)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask KswapdStallOnImmediate()
    {
        if (kernel.Era.ReclaimThrottlesOnWriteback())
        {
            await ReclaimThrottleWriteback();
            return;
        }

        await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10);
    }

    /// <summary>
    /// reclaim_throttle(pgdat, VMSCAN_THROTTLE_WRITEBACK): a sleep of up to HZ/10, ended early
    /// only by SWAP_CLUSTER_MAX pages ending writeback on the node, more than the model's files
    /// hold, so the whole timeout passes.
    /// </summary>
    [Models("mm/vmscan.c", "reclaim_throttle (VMSCAN_THROTTLE_WRITEBACK)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask ReclaimThrottleWriteback()
    {
        const long timeout = Time.Timers.Hz / 10;
        kernel.Timers.Advance(timeout);
        await kernel.Runtime.Schedule(PointKind.Wait, new StepLabel("reclaim_throttle", timeout));
    }
}
