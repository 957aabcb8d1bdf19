using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Mm;

public sealed partial class PageAlloc
{
    private long[]? slowpathPages;

    /// <summary>
    /// Pages a buffered write got from each zone in the slow path, the fast path having found
    /// every zone of its zonelist over its dirty limit: what the allocator let past the limits
    /// ("allow allocations to potentially exceed the per-zone dirty limit in the slowpath").
    /// </summary>
    public long SlowpathPages(Zone zone) => slowpathPages?[zone.Id] ?? 0;

    /// <summary>
    /// The zones an allocation on node <paramref name="node"/> tries, in order: the node's own
    /// (ZONE_HIGHMEM before ZONE_NORMAL: page cache is GFP_HIGHUSER_MOVABLE), then the other
    /// nodes by distance, which the model takes as node order from the next node on (node-ordered
    /// zonelists, every remote node equally far).
    /// </summary>
    [Models("mm/page_alloc.c", "build_zonelists", "4.19")]
    public IEnumerable<Zone> Zonelist(int node)
    {
        var nodes = kernel.Config.Machine.Nodes;
        for (var step = 0; step < nodes; step++)
        {
            var n = (node + step) % nodes;
            foreach (var zone in Zones.Where(z => z.Node == n).OrderByDescending(z => z.IsHighmem))
            {
                yield return zone;
            }
        }
    }

    /// <summary>
    /// The zones an allocation for <paramref name="mapping"/> by the current task may use, in the
    /// order it tries them: the task's node's zonelist (<see cref="Zonelist(int)"/>) less the zones
    /// above the highest the mapping's gfp mask allows (gfp_zone: a mapping without __GFP_HIGHMEM
    /// in mapping_gfp_mask stops at ZONE_NORMAL). 2.6.20 picks the zonelist of that highest zone
    /// (node_zonelists + gfp_zone), which holds no zone above it; from 2.6.26 one zonelist is
    /// walked with the highest zone index as a bound (first_zones_zonelist,
    /// for_each_zone_zonelist_nodemask: high_zoneidx, highest_zoneidx from 5.8). Either way the
    /// same zones, in the same order.
    /// </summary>
    [Models("mm/page_alloc.c", "__alloc_pages", "2.6.20")]
    [Models("include/linux/mmzone.h", "first_zones_zonelist", "3.18")]
    [Models("include/linux/gfp.h", "gfp_zone", "3.18")]
    [Models("mm/page_alloc.c", "prepare_alloc_pages", "4.19")]
    public IReadOnlyList<Zone> Zonelist(AddressSpace mapping)
    {
        var task = CurrentThread() is null ? TaskStruct.Ordinary : kernel.Throttle.Current;
        var zonelist = Zonelist(kernel.Config.Machine.CpuToNode(task.Cpu));
        return mapping.GfpHighmem ? [.. zonelist] : [.. zonelist.Where(zone => !zone.IsHighmem)];
    }

    /// <summary>
    /// The zone a page comes from, or null if the allocation must enter direct reclaim. The fast
    /// path (get_page_from_freelist with ALLOC_WMARK_LOW in
    /// 3.3 to 4.3, with ac-&gt;spread_dirty_pages from 4.4) passes over a zone (a node from 4.8)
    /// over its dirty limit when the page is for writing; in 3.12 to 4.7 its first pass is the
    /// fair one (ALLOC_FAIR: PageAlloc.Fair.cs). If it finds none, the slow path
    /// tries the zonelist again without the dirty limits and without fairness
    /// (gfp_to_alloc_flags: ALLOC_WMARK_MIN alone; spread_dirty_pages cleared before
    /// __alloc_pages_slowpath), so the local zone takes the page: the limits bound where a
    /// writer's pages go while any zone has room, never whether it gets one. Before 3.3 no zone
    /// is passed over. Without watermarks (Machine.MinFreeKbytes null) a zone always has a page to give. With one
    /// zone there is nothing to choose; the limits are not read, so that a single-zone machine's
    /// steps read what they read before zones were modelled. Only the zones the mapping's gfp mask
    /// allows are tried (<see cref="Zonelist(AddressSpace)"/>), and a low-memory allocation's
    /// classzone is ZONE_NORMAL, whose lowmem_reserve against itself is zero.
    /// </summary>
    [Models("mm/page_alloc.c", "__alloc_pages_nodemask", "3.18")]
    [Models("mm/page_alloc.c", "__alloc_pages_nodemask", "4.19")]
    [Models("mm/page_alloc.c", "__alloc_pages", "6.9")]
    [Models("mm/filemap.c", "pagecache_get_page (FGP_WRITE: gfp_mask |= __GFP_WRITE)", "3.18")]
    private Zone? AllocZone(AddressSpace mapping, bool gfpWrite)
    {
        if (Zones.Count == 1 && !HasWatermarks)
        {
            return Zones[0];
        }

        var zonelist = Zonelist(mapping);
        if (zonelist.Count == 0)
        {
            throw new InvalidOperationException($"{mapping} may not use high memory and the machine has none of its own (a machine of high memory only): give it low pages");
        }

        var spreadDirtyPages = gfpWrite && kernel.Era.SpreadsDirtyPages() && !kernel.Faults.NodeDirtyLimitIgnored;
        var fair = kernel.Era.FairZoneAllocation();
        if (GetPageFromFreelist(zonelist, spreadDirtyPages, fair, Wmark.Low) is { } zone)
        {
            return zone;
        }

        // __alloc_pages_slowpath: wake kswapd, then the same zonelist against the min watermark,
        // the dirty limits and fairness off. Below it, direct reclaim (the caller's).
        WakeAllKswapds(zonelist);
        // An OOM victim may take a page of the reserves; anyone else goes into direct reclaim.
        if ((GetPageFromFreelist(zonelist, spreadDirtyPages: false, fair: false, Wmark.Min)
            ?? (oom is { CurrentIsVictim: true } ? OomReserveZone(zonelist) : null)) is not { } fallback)
        {
            return null;
        }

        slowpathPages ??= new long[Zones.Count];
        slowpathPages[fallback.Id]++;
        return fallback;
    }

    /// <summary>
    /// Walk the zonelist for a zone to allocate from. With <paramref name="fair"/> (3.12 to 4.7's
    /// ALLOC_FAIR) the first pass stays on the local node and passes over a zone whose batch is
    /// depleted; if it found none, the batches are reset and the zonelist is walked again without
    /// fairness, remote nodes included (PageAlloc.Fair.cs). Spreading dirty pages,
    /// a zone over its share is passed over in both passes (3.18's consider_zone_dirty is
    /// ALLOC_WMARK_LOW with __GFP_WRITE, which the rescan keeps): zone_dirty_ok in 3.3 to 4.7;
    /// from 4.8 node_dirty_ok, asked once a node (last_pgdat_dirty_limit remembers the node last
    /// found over, so its other zones are passed over without asking). Without watermarks the
    /// first zone not passed over has a page (buffered_rmqueue, which counts it off the batch);
    /// with them, a zone at or below <paramref name="mark"/> (plus its lowmem_reserve) is passed
    /// over too.
    /// </summary>
    [Models("mm/page_alloc.c", "get_page_from_freelist", "3.18")]
    [Models("mm/page_alloc.c", "get_page_from_freelist", "4.19")]
    [Models("mm/page_alloc.c", "get_page_from_freelist", "6.9")]
    private Zone? GetPageFromFreelist(IReadOnlyList<Zone> zonelist, bool spreadDirtyPages, bool fair, Wmark mark)
    {
        var preferredZone = zonelist[0];
        while (true)
        {
            var nrFairSkipped = 0;
            if (ScanZonelist(zonelist, preferredZone, spreadDirtyPages, fair, mark, ref nrFairSkipped) is { } zone)
            {
                BufferedRmqueue(zone);
                return zone;
            }

            // "Try once more without fairness, and include remote zones now, before entering the
            // slowpath and waking kswapd: prefer spilling to a remote zone over swapping locally."
            if (!fair)
            {
                return null;
            }

            fair = false;
            var zonelistRescan = false;
            if (nrFairSkipped > 0)
            {
                zonelistRescan = true;
                ResetAllocBatches(preferredZone);
            }

            if (kernel.Config.Machine.Nodes > 1)
            {
                zonelistRescan = true;
            }

            if (!zonelistRescan)
            {
                return null;
            }
        }
    }

    /// <summary>One walk of the zonelist (the zonelist_scan label's loop): the first zone not passed over.</summary>
    private Zone? ScanZonelist(IReadOnlyList<Zone> zonelist, Zone preferredZone, bool spreadDirtyPages, bool fair, Wmark mark, ref int nrFairSkipped)
    {
        int? lastPgdatDirtyLimit = null;
        var throttle = kernel.Throttle;
        foreach (var zone in zonelist)
        {
            if (fair)
            {
                // "Distribute pages in proportion to the individual zone size to ensure fair page aging."
                if (!ZoneLocal(preferredZone, zone))
                {
                    break;
                }

                if (zone.FairDepleted)
                {
                    nrFairSkipped++;
                    continue;
                }
            }

            if (spreadDirtyPages)
            {
                if (kernel.Era.DirtyLimitsPerNode())
                {
                    if (lastPgdatDirtyLimit == zone.Node)
                    {
                        continue;
                    }

                    if (!throttle.NodeDirtyOk(zone.Node))
                    {
                        if (kernel.Faults.DirtyLimitStopsZonelistScan)
                        {
                            return null;
                        }

                        lastPgdatDirtyLimit = zone.Node;
                        continue;
                    }
                }
                else if (!throttle.ZoneDirtyOk(zone))
                {
                    if (kernel.Faults.DirtyLimitStopsZonelistScan)
                    {
                        return null;
                    }

                    continue;
                }
            }

            // zone_watermark_ok against the pass's mark (zone_reclaim_mode 0: a zone under it is
            // full, try the next), with the lowmem_reserve against the preferred zone's class.
            if (HasWatermarks && !ZoneWatermarkOk(zone, zone.Watermark[(int)mark], LowmemReserve(zone, preferredZone)))
            {
                continue;
            }

            return zone;
        }

        return null;
    }
}
