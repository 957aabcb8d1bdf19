using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

public sealed partial class Vmscan
{
    /// <summary>
    /// The active list's count in a one-page batch (<see cref="ReclaimOne"/>): 1, or 0 when this
    /// call's round does not scan the active list. The one-page batch stands for a round of
    /// shrink_zone (kswapd's balance_pgdat and direct reclaim's try_to_free_pages both scan a zone
    /// through it) in which the zone's inactive count came due; its page is the head of the
    /// batch isolate_lru_pages takes off the inactive tail. From 3.0 get_scan_count takes each
    /// list's count at once, so the round that scans an inactive page of a small zone scans its
    /// active list too: 1. Before 3.0 (<see cref="PriorityLoopEras.ScanCountDefersSmallBatches"/>)
    /// each list's count is deposited in the zone's saved count and scanned only once that
    /// reaches SWAP_CLUSTER_MAX (<see cref="NrScanTryBatch"/>), the active list's as the inactive
    /// list's: 2.6.20's zone-&gt;nr_scan_active, 2.6.28's zone-&gt;lru[LRU_ACTIVE_FILE].nr_scan,
    /// 2.6.31's nr_saved_scan, each global reclaim's (the one-page batch is kswapd's or a direct
    /// reclaimer's, never a memcg's). Over a priority loop (DEF_PRIORITY to 0) the active count
    /// grows by A = the sum of (active &gt;&gt; priority) (+ 1 a round in 2.6.20) while the
    /// inactive one grows by I, likewise, so between two rounds that scan the inactive list
    /// (SWAP_CLUSTER_MAX of its count each) the active count grows by SWAP_CLUSTER_MAX * A / I:
    /// that is what each call deposits, in the zone's saved active count the priority loop and
    /// kswapd's loop share (the kernel's one field), and the active page is scanned when it comes
    /// due. So an active list as large as the inactive one, or larger, is scanned every call, as
    /// before (in 2.6.20 with small lists too, the + 1 dominating both counts), and a smaller one
    /// only in some: in 2.6.29 with half the inactive list's pages, about every second call.
    /// With no inactive count to come due (2.6.29's empty inactive list) a call deposits a whole
    /// loop's A. The deposit is made only when the active list has a page (its zone is the
    /// tail's); an empty list's count in 2.6.20 (the + 1 a round) is left out. A released count
    /// is spent whole on the one page: the kernel's batch would take min(count, SWAP_CLUSTER_MAX)
    /// pages, the whole of a small list, which the model's one-page batches take one at a time.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_zone (nr_scan_active: the one-page batch's round)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_zone (zone->lru[LRU_ACTIVE_FILE].nr_scan: the one-page batch's round)", "2.6.29")]
    [Models("mm/vmscan.c", "get_scan_count (nr_scan_try_batch, LRU_ACTIVE_FILE: the one-page batch's round)", "2.6.36")]
    private long OnePageActiveScanCount()
    {
        var era = kernel.Era;
        if (!era.ScanCountDefersSmallBatches())
        {
            return 1;
        }

        var tail = IsolateLruPages(_ => true, 1, active: true);
        if (tail.Count == 0)
        {
            return 0;
        }

        // A page made outside the allocator has no zone to keep a count in: taken at once.
        if (tail[0].Zone is not { } zone)
        {
            return 1;
        }

        bool OnZone(Page page) => page.Zone == zone;
        var active = LruSize(OnZone, active: true);
        var inactive = LruSize(OnZone, active: false);
        var addOne = era.ScanCountAddsOne() ? 1 : 0;
        long activeLoop = 0, inactiveLoop = 0;
        for (var priority = era.DirectReclaimDefPriority(); priority >= era.DirectReclaimLastPriority(); priority--)
        {
            activeLoop += (active >> priority) + addOne;
            inactiveLoop += (inactive >> priority) + addOne;
        }

        var deposit = inactiveLoop == 0 ? activeLoop : SwapClusterMax * activeLoop / inactiveLoop;
        return DeferredScanCount(zone, active: true, deposit) > 0 ? 1 : 0;
    }
}
