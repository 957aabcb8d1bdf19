using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The zones' watermarks and reserves, set at boot from vm.min_free_kbytes
/// (<see cref="Throttle.Machine.MinFreeKbytes"/>), and what the allocator does with them: the
/// fast path takes a page only from a zone above its low watermark, the slow path wakes kswapd
/// and takes one from a zone above its min watermark. The model has no kswapd thread (nothing
/// reclaims): a wakeup is counted, per node, as the observable event it is
/// (<see cref="KswapdWakeups"/>), and an allocation that finds every zone at or below its min
/// watermark would enter direct reclaim, which is refused as unmodelled. On the model's machine
/// without watermarks (MinFreeKbytes null) none of this runs.
/// </summary>
public sealed partial class PageAlloc
{
    /// <summary>SWAP_CLUSTER_MAX: the least min watermark of a highmem zone.</summary>
    private const long SwapClusterMax = 32;

    /// <summary>
    /// sysctl_lowmem_reserve_ratio[ZONE_NORMAL] on a kernel with CONFIG_HIGHMEM (the table is
    /// [R]: not read this session).
    /// </summary>
    private const long NormalLowmemReserveRatio = 32;

    /// <summary>vm.watermark_scale_factor's default (4.6 on): the low-high distance is at least 0.1% of the zone.</summary>
    private const long WatermarkScaleFactor = 10;

    private long[]? kswapdWakeups;

    /// <summary>Whether the machine has watermarks (<see cref="Throttle.Machine.MinFreeKbytes"/> set).</summary>
    public bool HasWatermarks => kernel.Config.Machine.MinFreeKbytes is not null;

    /// <summary>How often the allocator woke node <paramref name="node"/>'s kswapd (wake_up_interruptible on its kswapd_wait).</summary>
    public long KswapdWakeups(int node) => kswapdWakeups?[node] ?? 0;

    /// <summary>totalreserve_pages (and, 3.3 to 4.4, dirty_balance_reserve, the same sum): every zone's reserve.</summary>
    [Models("mm/page_alloc.c", "calculate_totalreserve_pages", "3.18")]
    public long TotalreservePages => Zones.Sum(zone => zone.ReservePages);

    /// <summary>pgdat-&gt;totalreserve_pages (4.8 on): the reserves of node <paramref name="node"/>'s zones.</summary>
    [Models("mm/page_alloc.c", "calculate_totalreserve_pages", "4.19")]
    public long NodeTotalreservePages(int node) => Zones.Where(zone => zone.Node == node).Sum(zone => zone.ReservePages);

    /// <summary>The machine's zones with their watermarks and reserves, as init_per_zone_wmark_min leaves them.</summary>
    private IReadOnlyList<Zone> BootZones()
    {
        var zones = Zone.Layout(kernel.Config.Machine);
        if (kernel.Config.Machine.MinFreeKbytes is { } minFreeKbytes)
        {
            SetupPerZoneWmarks(zones, minFreeKbytes);
            SetupPerZoneLowmemReserve(zones);
        }

        return zones;
    }

    /// <summary>
    /// Each zone's watermarks from vm.min_free_kbytes: a low-memory zone's min is its share (by
    /// managed pages) of pages_min over all low memory; a highmem zone's min is a 1024th of it,
    /// between SWAP_CLUSTER_MAX and 128 ("__GFP_HIGH and PF_MEMALLOC allocations usually don't
    /// need highmem pages"). Low and high are min plus a quarter and a half of the share; from
    /// 4.6 (795ae7a0de6b, watermark_scale_factor) min plus the larger of a quarter of the share
    /// and 0.1% of the zone, and min plus twice that. 3.12 to 4.7 also refill NR_ALLOC_BATCH.
    /// </summary>
    [Models("mm/page_alloc.c", "__setup_per_zone_wmarks", "3.18")]
    [Models("mm/page_alloc.c", "__setup_per_zone_wmarks", "6.9")]
    private void SetupPerZoneWmarks(IReadOnlyList<Zone> zones, long minFreeKbytes)
    {
        var pagesMin = minFreeKbytes >> (WritebackControl.PageShift - 10);
        var lowmemPages = zones.Where(zone => !zone.IsHighmem).Sum(zone => zone.ManagedPages);
        foreach (var zone in zones)
        {
            var tmp = pagesMin * zone.ManagedPages / lowmemPages;
            zone.Watermark[(int)Wmark.Min] = zone.IsHighmem ? Math.Clamp(zone.ManagedPages / 1024, SwapClusterMax, 128) : tmp;
            if (kernel.Era.WatermarkScaleFactor())
            {
                var gap = Math.Max(tmp >> 2, zone.ManagedPages * WatermarkScaleFactor / 10000);
                zone.Watermark[(int)Wmark.Low] = zone.MinWmarkPages + gap;
                zone.Watermark[(int)Wmark.High] = zone.MinWmarkPages + (gap * 2);
            }
            else
            {
                zone.Watermark[(int)Wmark.Low] = zone.MinWmarkPages + (tmp >> 2);
                zone.Watermark[(int)Wmark.High] = zone.MinWmarkPages + (tmp >> 1);
            }

            if (kernel.Era.FairZoneAllocation())
            {
                zone.AllocBatch = zone.HighWmarkPages - zone.LowWmarkPages;
            }
        }
    }

    /// <summary>
    /// A node's ZONE_NORMAL keeps HighMem's managed pages / 32 from allocations that could have
    /// used HighMem; then the reserves (<see cref="CalculateTotalreservePages"/>).
    /// </summary>
    [Models("mm/page_alloc.c", "setup_per_zone_lowmem_reserve", "3.18")]
    private static void SetupPerZoneLowmemReserve(IReadOnlyList<Zone> zones)
    {
        foreach (var zone in zones)
        {
            var higher = zones.Where(other => other.Node == zone.Node && other.IsHighmem && !zone.IsHighmem).Sum(other => other.ManagedPages);
            zone.LowmemReserve = higher / NormalLowmemReserveRatio;
        }

        CalculateTotalreservePages(zones);
    }

    /// <summary>
    /// Each zone's reserve, its lowmem_reserve plus its high watermark, at most its managed pages:
    /// "lowmem reserves are not available to GFP_HIGHUSER page cache allocations and kswapd tries
    /// to balance zones to their high watermark. As a result, neither should be regarded as
    /// dirtyable memory".
    /// </summary>
    [Models("mm/page_alloc.c", "calculate_totalreserve_pages", "3.18")]
    [Models("mm/page_alloc.c", "calculate_totalreserve_pages", "4.19")]
    private static void CalculateTotalreservePages(IReadOnlyList<Zone> zones)
    {
        foreach (var zone in zones)
        {
            zone.ReservePages = Math.Min(zone.LowmemReserve + zone.HighWmarkPages, zone.ManagedPages);
        }
    }

    /// <summary>
    /// Whether <paramref name="zone"/> has more free pages than <paramref name="mark"/> plus what
    /// it keeps from the page cache's classzone (its lowmem_reserve). Order 0; no ALLOC_HIGH or
    /// ALLOC_HARDER (a page-cache page of an ordinary task; a real-time task's slow path would
    /// dig a quarter deeper: not modelled).
    /// </summary>
    [Models("mm/page_alloc.c", "__zone_watermark_ok", "3.18")]
    [Models("mm/page_alloc.c", "__zone_watermark_ok", "6.9")]
    public bool ZoneWatermarkOk(Zone zone, long mark) => ZoneWatermarkOk(zone, mark, zone.LowmemReserve);

    internal bool ZoneWatermarkOk(Zone zone, long mark, long lowmemReserve) =>
        (long)kernel.Throttle.ZoneFreePages(zone) > mark + lowmemReserve;

    /// <summary>
    /// zone-&gt;lowmem_reserve[classzone_idx], the classzone being the preferred zone's (the first
    /// of the zonelist the gfp mask allows): a ZONE_NORMAL keeps its reserve from a page-cache
    /// allocation that could have used HighMem, not from one limited to low memory (its classzone
    /// is ZONE_NORMAL itself). From 5.8 the classzone is the highest zone the gfp mask allows
    /// (3334a45eb9e2, "mm/page_alloc: use ac->high_zoneidx for classzone_idx", then 97a225e69a1f's
    /// highest_zoneidx), not the preferred zone's: they differ only where the local node lacks the
    /// highest zone, which the model's machines cannot have (high memory only on a one-node
    /// machine, ZONE_NORMAL on every node), so one rule serves every era.
    /// </summary>
    [Models("mm/page_alloc.c", "__zone_watermark_ok (z->lowmem_reserve[classzone_idx])", "3.18")]
    [Models("mm/page_alloc.c", "__zone_watermark_ok (z->lowmem_reserve[highest_zoneidx])", "6.9")]
    private static long LowmemReserve(Zone zone, Zone preferredZone) => preferredZone.IsHighmem ? zone.LowmemReserve : 0;

    /// <summary>
    /// The slow path's first step: wake the kswapd of every node of the zonelist that needs it.
    /// Before 3.12 (2.6.36's wakeup_kswapd) a zone at or below its low watermark wakes its node's
    /// kswapd; 3.12 to 4.7, one not balanced (zone_balanced: at or below its high watermark; the
    /// change is Johannes Weiner's, in the fair-policy series, id [R]); from 4.8 a node none of
    /// whose zones is balanced (pgdat_balanced, against the classzone's reserve; [R], not read
    /// this session), once a node. kswapd always sleeps in the model (it never runs), so every
    /// wakeup reaches wake_up_interruptible.
    /// </summary>
    [Models("mm/page_alloc.c", "wake_all_kswapds", "3.18")]
    [Models("mm/vmscan.c", "wakeup_kswapd", "2.6.36")]
    [Models("mm/vmscan.c", "wakeup_kswapd", "3.18")]
    [Models("mm/vmscan.c", "wakeup_kswapd", "4.19")]
    private void WakeAllKswapds(IReadOnlyList<Zone> zonelist)
    {
        int? lastPgdat = null;
        foreach (var zone in zonelist)
        {
            bool balanced;
            if (kernel.Era.KswapdPerNode())
            {
                if (lastPgdat == zone.Node)
                {
                    continue;
                }

                lastPgdat = zone.Node;
                // pgdat_balanced: the node's zones up to the classzone.
                balanced = zonelist.Any(z => z.Node == zone.Node && ZoneWatermarkOk(z, z.HighWmarkPages, LowmemReserve(z, zonelist[0])));
            }
            else
            {
                // classzone_idx 0: no lowmem_reserve.
                var mark = kernel.Era.FairZoneAllocation() ? zone.HighWmarkPages : zone.LowWmarkPages;
                balanced = ZoneWatermarkOk(zone, mark, lowmemReserve: 0);
            }

            if (!balanced)
            {
                kswapdWakeups ??= new long[kernel.Config.Machine.Nodes];
                kswapdWakeups[zone.Node]++;
            }
        }
    }
}
