using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageAlloc
{
    /// <summary>How many LRU pages reclaim scans for a zone before it counts as unreclaimable (zone_reclaimable's factor).</summary>
    public const int UnreclaimableScanFactor = 6;

    private long[]? pagesScanned;

    /// <summary>
    /// The pages reclaim has scanned in <paramref name="zone"/> since a page was last freed into
    /// it: zone-&gt;pages_scanned (NR_PAGES_SCANNED from 3.18 [R]). Counted only in the eras where
    /// direct reclaim (<see cref="OomEras.DirectReclaimReportsProgressWhileZonesReclaimable"/>) or
    /// kswapd's zone loop (2.6.20 to 3.19: end_zone, loop_again, pgdat_balanced) reads it.
    /// </summary>
    public long PagesScanned(Zone zone) => pagesScanned?[zone.Id] ?? 0;

    /// <summary>
    /// A batch of global reclaim, direct or kswapd's, has taken <paramref name="scanned"/> off the
    /// LRU: each page adds one to its zone's count, what the isolation scanned (nr_scan,
    /// nr_scanned), taken or passed over. Added before shrink_page_list frees any page of the
    /// batch, as the kernel does, so that a page the batch frees resets the count
    /// (<see cref="FreePage"/>). memcg reclaim adds nothing (scanning_global_lru), nor does the
    /// active list's scan, which the model does not have [I: in the kernel shrink_active_list's
    /// scanning adds too, so the kernel gets there sooner]. Only before 4.13's era: from there the
    /// count is read by neither reclaimer (0a0337e0d1d1 and the node-based kswapd of 4.8).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (zone->pages_scanned += nr_scan)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_inactive_list (NR_PAGES_SCANNED)", "3.18")]
    internal void CountPagesScanned(IReadOnlyList<Page> scanned)
    {
        if (scanned.Count == 0 || kernel.Era.AtLeast(KernelEra.V4_13))
        {
            return;
        }

        // The scan counts are the allocator's state, shared with every free (FreePage resets them).
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.PageAlloc));
        pagesScanned ??= new long[Zones.Count];
        foreach (var page in scanned)
        {
            if (page.Zone is { } zone)
            {
                pagesScanned[zone.Id]++;
            }
        }
    }

    /// <summary>A page freed into <paramref name="zone"/>: reclaim there can still succeed, so its scan count starts again.</summary>
    [Models("mm/page_alloc.c", "free_pages_bulk (zone->all_unreclaimable = 0, zone->pages_scanned = 0)", "2.6.20")]
    [Models("mm/page_alloc.c", "free_pcppages_bulk (NR_PAGES_SCANNED)", "3.18")]
    private void ResetPagesScanned(Zone zone)
    {
        if (pagesScanned is not null)
        {
            pagesScanned[zone.Id] = 0;
        }
    }

    /// <summary>
    /// Whether reclaim in <paramref name="zone"/> can still be hoped to free a page: fewer pages
    /// scanned since the last free than <see cref="UnreclaimableScanFactor"/> times its
    /// reclaimable pages (its file LRU: the model has no swap). 2.6.20 and 2.6.35 read it through
    /// the all_unreclaimable flag kswapd sets on the same test; the model tests it where the flag
    /// is read, as kswapd, woken by every round of the allocation, would have set it [I].
    /// </summary>
    [Models("mm/vmscan.c", "zone_reclaimable", "3.18")]
    [Models("mm/vmscan.c", "balance_pgdat (zone->all_unreclaimable = 1)", "2.6.20")]
    internal bool ZoneReclaimable(Zone zone)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.PageAlloc));
        return PagesScanned(zone) < UnreclaimableScanFactor * (long)kernel.Throttle.ZoneCounters(zone).FileLru;
    }

    /// <summary>
    /// The wait of an order-0 allocation before it retries after a round of direct reclaim that
    /// reported progress, before 4.7: congestion_wait(HZ/50) up to 2.6.36 (it sleeps until a
    /// write completes, or the whole timeout with none in flight), wait_iff_congested from 2.6.37
    /// (<see cref="OomEras.AllocRetryWaitsOnlyIfCongested"/>), which sleeps only while a backing
    /// device is congested and the preferred zone is marked ZONE_CONGESTED
    /// (<see cref="Vmscan.WaitIffCongested(Zone, long)"/>); otherwise a cond_resched.
    /// </summary>
    [Models("mm/page_alloc.c", "__alloc_pages (yield, goto rebalance)", "2.5.31")]
    [Models("mm/page_alloc.c", "__alloc_pages (do_retry: congestion_wait(WRITE, HZ/50))", "2.6.20")]
    [Models("mm/page_alloc.c", "__alloc_pages_slowpath (should_alloc_retry: wait_iff_congested)", "3.18")]
    [Models("mm/backing-dev.c", "wait_iff_congested", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WaitBeforeRetry(Zone preferredZone)
    {
        // 2.5.31 had no blk_congestion_wait to call: its __alloc_pages yields "for kswapd" and
        // goes back to rebalance, as 2.4's does [I: 2.4's form read; the list era has no
        // congestion state, ListEraThrottleEras.HasQueueCongestion].
        if (!kernel.Era.HasQueueCongestion())
        {
            await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("yield"));
            return;
        }

        if (!kernel.Era.AllocRetryWaitsOnlyIfCongested())
        {
            await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 50);
            return;
        }

        if (await kernel.Vmscan.WaitIffCongested(preferredZone, Time.Timers.Hz / 50))
        {
            return;
        }

        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("wait_iff_congested"));
    }
}
