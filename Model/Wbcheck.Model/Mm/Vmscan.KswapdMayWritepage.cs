using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// kswapd's sc.may_writepage for a page it reclaims alone (<see cref="ReclaimOne"/>, the race
/// scenarios' kswapd, which reclaims one page a call off the LRU's tail; its whole loop is
/// <see cref="Kswapd"/>). balance_pgdat starts it at !laptop_mode, so that reclaim does not
/// spin a laptop's disk up, and raises it when reclaim is in trouble: before 3.11 once kswapd has
/// scanned more than two batches (SWAP_CLUSTER_MAX * 2) and freed fewer than two pages in three
/// of them; from 3.11 once its priority is below DEF_PRIORITY - 2. The model's kswapd is one run
/// of balance_pgdat that never ends here (it reclaims a page a call and is never balanced), so its
/// counts are kept for the kernel's life; a page is one scan, and the gate is looked at before
/// each page, where the kernel looks after each zone's batch.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>DEF_PRIORITY: the first pass scans lru_size &gt;&gt; 12 pages.</summary>
    private const int DefPriority = 12;

    private long kswapdTotalScanned;
    private long kswapdNrReclaimed;

    /// <summary>
    /// Whether kswapd may call -&gt;writepage on the next page it scans. Laptop mode off: always.
    /// Laptop mode on, before 3.11: once total_scanned &gt; SWAP_CLUSTER_MAX * 2 and total_scanned
    /// &gt; nr_reclaimed + nr_reclaimed / 2. From 3.11: once the priority is below DEF_PRIORITY - 2,
    /// that is once kswapd has scanned what the passes at priorities 12, 11 and 10 scan (lru_size
    /// &gt;&gt; priority each, the LRU being the model's page cache; the passes are taken as
    /// reclaiming less than their target, so each lowers the priority): on an LRU of fewer than
    /// 1024 pages those passes scan nothing, and the first page kswapd scans may be written.
    /// </summary>
    [Models("mm/vmscan.c", "balance_pgdat (sc.may_writepage)", "2.6.20")]
    [Models("mm/vmscan.c", "balance_pgdat (sc.may_writepage)", "2.6.36")]
    [Models("mm/vmscan.c", "balance_pgdat (sc.may_writepage)", "4.19")]
    [Models("mm/vmscan.c", "get_scan_count (scan = size >> sc->priority)", "4.19")]
    internal bool KswapdMayWritepage()
    {
        if (kernel.Throttle.Sysctls.LaptopMode == 0)
        {
            return true;
        }

        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        if (kernel.Era.KswapdRaisesMayWritepageByPriority())
        {
            long lruSize = kernel.CachedPageCount();
            var scannedAbovePriority = 0L;
            for (var priority = DefPriority; priority >= DefPriority - 2; priority--)
            {
                scannedAbovePriority += lruSize >> priority;
            }

            return kswapdTotalScanned >= scannedAbovePriority;
        }

        return kswapdTotalScanned > SwapClusterMax * 2 && kswapdTotalScanned > kswapdNrReclaimed + (kswapdNrReclaimed / 2);
    }

    /// <summary>
    /// Count a page kswapd scanned and whether it freed it (total_scanned and sc.nr_reclaimed).
    /// Counted in laptop mode only, the only time they are read: counting them otherwise would
    /// give the stateful search states that differ in nothing the model reads.
    /// </summary>
    private void KswapdCountScan(ReclaimResult result)
    {
        if (kernel.Throttle.Sysctls.LaptopMode == 0)
        {
            return;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        kswapdTotalScanned++;
        if (result == ReclaimResult.Freed)
        {
            kswapdNrReclaimed++;
        }
    }
}
