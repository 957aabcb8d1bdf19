using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// kswapd's loop: a wakeup of a node's kswapd reclaims from that node's zones until they are back
/// above their high watermarks, or until the era's loop gives up, and goes back to sleep. It runs
/// direct reclaim's pieces where the kernel shares them (shrink_zone / shrink_lruvec, here
/// <see cref="ShrinkZone"/>; 2.5.31's try_to_free_pages itself, <see cref="DoTryToFreePages"/>)
/// with a scan control of its own: current_is_kswapd, so that from 3.2 it is the reclaimer that
/// may write filesystem pages (<see cref="MayWriteFsPage"/>), its own target and may_writepage
/// rules. Era by era (<see cref="KswapdEras"/>): 2.5.31 calls try_to_free_pages per zone that
/// needs balancing; 2.6.20 to 2.6.36 go round the priorities from DEF_PRIORITY to 0, stop a round
/// once SWAP_CLUSTER_MAX are reclaimed or every zone is at its high watermark, nap between rounds,
/// and start again from DEF_PRIORITY while a zone is not (loop_again); from 3.11 a round lowers
/// the priority only when it scanned less than kswapd's target (the high watermark) or reclaimed
/// nothing, and the loop ends at priority 1. Order 0 and the page cache's classzone (the node's
/// highest zone) only: the model has no high-order allocation and no compaction. It shrinks the
/// inode cache with GFP_KERNEL after each zone (node) it shrinks, as the era's kswapd did
/// (<see cref="ShrinkSlab"/>). Not modelled: the anon list's aging, buffer_heads_over_limit, soft limit reclaim, the
/// short sleep of kswapd_try_to_sleep (HZ/10, then the premature-sleep check), the watermark boost
/// (5.0) and the pfmemalloc waiters.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>MAX_RECLAIM_RETRIES: the failed runs after which a node's kswapd is no longer woken (4.11 on).</summary>
    private const int MaxReclaimRetries = 16;

    /// <summary>pgdat-&gt;kswapd_failures of each node, in the eras that count them.</summary>
    private int[]? kswapdFailures;

    /// <summary>How many runs of node <paramref name="node"/>'s kswapd in a row reclaimed nothing (pgdat-&gt;kswapd_failures, 4.11 on).</summary>
    public int KswapdFailures(int node)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        return kswapdFailures?[node] ?? 0;
    }

    /// <summary>
    /// A reclaimer's scan of node <paramref name="node"/> reclaimed something: the node is not
    /// hopeless, and its kswapd's failures start again from 0 (4.11 on; any reclaimer, so that a
    /// direct reclaimer's success wakes a kswapd that had given the node up).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_node (if (reclaimable) pgdat->kswapd_failures = 0)", "4.19")]
    [Models("mm/vmscan.c", "shrink_node (if (reclaimable) pgdat->kswapd_failures = 0)", "6.9")]
    private void ResetKswapdFailures(int node)
    {
        if (kernel.Era.KswapdCountsFailures() && KswapdFailures(node) != 0)
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
            kswapdFailures![node] = 0;
        }
    }

    /// <summary>
    /// One wakeup of node <paramref name="node"/>'s kswapd: balance the node (the era's loop),
    /// then prepare to sleep. Returns the pages reclaimed. The caller is kswapd's thread, woken
    /// for an order-0 page-cache allocation; with PF_MEMALLOC set for the run, as kswapd has it for
    /// life. From 4.11 a node whose kswapd failed MAX_RECLAIM_RETRIES runs in a row is not woken
    /// ("Hopeless node, leave it to direct reclaim"): the wakeup does nothing.
    /// </summary>
    [Models("mm/vmscan.c", "kswapd", "2.5.31")]
    [Models("mm/vmscan.c", "kswapd", "2.6.20")]
    [Models("mm/vmscan.c", "kswapd", "3.18")]
    [Models("mm/vmscan.c", "kswapd", "4.19")]
    [Models("mm/vmscan.c", "wakeup_kswapd (kswapd_failures >= MAX_RECLAIM_RETRIES)", "4.19")]
    [Models("mm/vmscan.c", "kswapd", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> Kswapd(int node)
    {
        var era = kernel.Era;
        var zones = kernel.PageAlloc.Zones.Where(zone => zone.Node == node).OrderBy(zone => zone.IsHighmem).ToList();
        if (era.KswapdCountsFailures() && KswapdFailures(node) >= MaxReclaimRetries)
        {
            return 0;
        }

        EnterReclaim(Gfp.Kernel);
        try
        {
            if (era.KswapdBalancesByTryToFreePages())
            {
                return await KswapdBalancePgdat(zones);
            }

            return era.KswapdRaisesPriorityOnlyWhenShort()
                ? await BalancePgdatRaisingPriority(zones, node)
                : await BalancePgdatLoopAgain(zones);
        }
        finally
        {
            ExitReclaim();
        }
    }

    /// <summary>
    /// 2.5.31: for each zone of the node, highest first, whose need_balance is set, reclaim with
    /// the allocator's own loop, that zone as the classzone (its pages and those of the zones
    /// below it); a call that falls short of SWAP_CLUSTER_MAX clears the flag and sleeps a second,
    /// one that reaches it leaves the flag while the zone and every zone below are at or below
    /// pages_high, and the node is gone over again while a flag is left. need_balance is taken as
    /// set, at the wakeup, on every zone not above its high watermark [I: the allocator sets it on
    /// the zones it found short]. try_to_free_pages' out_of_memory when it falls short is not
    /// modelled for kswapd.
    /// </summary>
    [Models("mm/vmscan.c", "kswapd_balance_pgdat", "2.5.31")]
    [Models("mm/vmscan.c", "kswapd_balance", "2.5.31")]
    [Models("mm/vmscan.c", "check_classzone_need_balance", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> KswapdBalancePgdat(IReadOnlyList<Zone> zones)
    {
        var needBalance = zones.Select(zone => !KswapdWatermarkOk(zone, zone.HighWmarkPages, zones[0])).ToArray();
        var reclaimed = 0;
        bool needMoreBalance;
        do
        {
            needMoreBalance = false;
            for (var i = zones.Count - 1; i >= 0; i--)
            {
                if (!needBalance[i])
                {
                    continue;
                }

                var sc = new ScanControl { Kswapd = true, NrToReclaim = SwapClusterMax, MayWritepage = kernel.Throttle.Sysctls.LaptopMode == 0 };
                var classzone = zones.Take(i + 1).Reverse().ToList();
                var nr = await DoTryToFreePages(classzone, sc);
                reclaimed += nr;
                if (nr < SwapClusterMax)
                {
                    needBalance[i] = false;
                    kernel.Timers.Advance(Time.Timers.Hz);
                    await kernel.Runtime.Schedule(PointKind.Wait, new StepLabel("schedule_timeout", Time.Timers.Hz));
                    continue;
                }

                if (classzone.All(zone => !KswapdWatermarkOk(zone, zone.HighWmarkPages, zones[0])))
                {
                    needMoreBalance = true;
                }
                else
                {
                    needBalance[i] = false;
                }
            }
        }
        while (needMoreBalance);

        return reclaimed;
    }

    /// <summary>
    /// 2.6.20 to 2.6.36 (to 3.10 in the kernel): rounds from DEF_PRIORITY to 0. A round finds the
    /// highest zone below its high watermark (end_zone: none, and the node is balanced), then
    /// shrinks every zone up to it, lowest first ("This prevents the page allocator from
    /// allocating pages behind kswapd's direction of progress"), but one with eight times its high
    /// watermark free (2.6.29, 2.6.36); raises may_writepage once it has scanned more than two
    /// batches at a poor rate; stops when every zone is at its high watermark or SWAP_CLUSTER_MAX
    /// are reclaimed; naps HZ/10 between rounds below DEF_PRIORITY - 2 (2.6.36: not while a zone is
    /// under its min watermark). A zone found no longer reclaimable (six times its LRU scanned
    /// since a page was last freed into it) is passed over below DEF_PRIORITY. Ending a pass
    /// unbalanced starts again from DEF_PRIORITY (loop_again), with may_writepage back at
    /// !laptop_mode: kswapd does not sleep while a reclaimable zone is short.
    /// </summary>
    [Models("mm/vmscan.c", "balance_pgdat", "2.6.20")]
    [Models("mm/vmscan.c", "balance_pgdat (shrink_slab(sc.nr_scanned, GFP_KERNEL, lru_pages))", "2.6.20")]
    [Models("mm/vmscan.c", "balance_pgdat", "2.6.29")]
    [Models("mm/vmscan.c", "balance_pgdat", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> BalancePgdatLoopAgain(IReadOnlyList<Zone> zones)
    {
        var era = kernel.Era;
        var reclaimed = 0;
        while (true)
        {
            var sc = new ScanControl
            {
                Kswapd = true,
                NrToReclaim = era.KswapdReclaimsWithoutTarget() ? long.MaxValue : SwapClusterMax,
                MayWritepage = kernel.Throttle.Sysctls.LaptopMode == 0,
            };
            var totalScanned = 0L;
            var allZonesOk = true;
            for (sc.Priority = DefPriority; sc.Priority >= 0; sc.Priority--)
            {
                allZonesOk = true;
                var endZone = EndZone(zones, sc.Priority);
                if (endZone < 0)
                {
                    break;
                }

                var underMin = false;
                for (var i = 0; i <= endZone; i++)
                {
                    var zone = zones[i];
                    if (sc.Priority != DefPriority && !kernel.PageAlloc.ZoneReclaimable(zone))
                    {
                        continue;
                    }

                    var after = era.KswapdLooksAtTheZoneAfterShrinking();
                    if (!after && !KswapdWatermarkOk(zone, zone.HighWmarkPages, zones[endZone]))
                    {
                        allZonesOk = false;
                    }

                    sc.NrScanned = 0;
                    if (!(era.KswapdSkipsZonesWithEightTimesHigh() && KswapdWatermarkOk(zone, 8 * zone.HighWmarkPages, zones[endZone])))
                    {
                        await ShrinkZone(zone, sc);
                    }

                    // "reclaim_state->reclaimed_slab = 0; nr_slab = shrink_slab(sc.nr_scanned,
                    // GFP_KERNEL, lru_pages)" after each zone, shrunk or passed over; lru_pages
                    // is the LRU of the zones up to end_zone.
                    if (era.KswapdShrinksSlab())
                    {
                        await ShrinkSlab(sc, zones.Take(endZone + 1).ToList(), sc.NrScanned);
                    }

                    totalScanned += sc.NrScanned;
                    if (totalScanned > SwapClusterMax * 2 && totalScanned > sc.NrReclaimed + (sc.NrReclaimed / 2))
                    {
                        sc.MayWritepage = true;
                    }

                    if (after && kernel.PageAlloc.ZoneReclaimable(zone) && !KswapdWatermarkOk(zone, zone.HighWmarkPages, zones[endZone]))
                    {
                        allZonesOk = false;
                        underMin |= !KswapdWatermarkOk(zone, zone.MinWmarkPages, zones[endZone]);
                    }
                }

                if (allZonesOk)
                {
                    break;
                }

                // "OK, kswapd is getting into trouble. Take a nap, then take another pass."
                if (totalScanned > 0 && sc.Priority < DefPriority - 2 && !(era.KswapdSkipsNapUnderMin() && underMin))
                {
                    await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10);
                }

                if (sc.NrReclaimed >= SwapClusterMax)
                {
                    break;
                }
            }

            reclaimed += sc.NrReclaimed;
            if (allZonesOk)
            {
                return reclaimed;
            }
        }
    }

    /// <summary>
    /// From 3.11 (the model's 3.19 era on): rounds from DEF_PRIORITY while the priority is at
    /// least 1 and the node is not balanced; may_writepage once the priority is below
    /// DEF_PRIORITY - 2; a round that scanned at least kswapd's target and reclaimed something
    /// keeps its priority. 3.19 goes zone by zone (end_zone, then <see cref="KswapdShrinkZone"/>
    /// for each zone up to it; the node is balanced when every zone up to the classzone is at its
    /// high watermark or not reclaimable), clearing ZONE_DIRTY of each zone it finds balanced; from
    /// 4.8 the node is one (<see cref="KswapdShrinkNode"/>; balanced when any zone is at its high
    /// watermark), a run that reclaimed nothing counts as a failure, and a node found balanced has
    /// its flags cleared as kswapd goes to sleep (prepare_kswapd_sleep: clear_pgdat_congested).
    /// </summary>
    [Models("mm/vmscan.c", "balance_pgdat", "3.18")]
    [Models("mm/vmscan.c", "pgdat_balanced", "3.18")]
    [Models("mm/vmscan.c", "balance_pgdat", "4.19")]
    [Models("mm/vmscan.c", "pgdat_balanced", "4.19")]
    [Models("mm/vmscan.c", "prepare_kswapd_sleep (clear_pgdat_congested)", "4.19")]
    [Models("mm/vmscan.c", "balance_pgdat", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> BalancePgdatRaisingPriority(IReadOnlyList<Zone> zones, int node)
    {
        var era = kernel.Era;
        var perNode = era.KswapdPerNode();
        var sc = new ScanControl { Kswapd = true, Priority = DefPriority, MayWritepage = kernel.Throttle.Sysctls.LaptopMode == 0 };
        do
        {
            var before = sc.NrReclaimed;
            var raisePriority = true;
            if (perNode)
            {
                // Balanced before a round: kswapd leaves (goto out), which is no failure.
                if (PgdatBalanced(zones))
                {
                    PrepareKswapdSleep(zones, node, countFailure: false);
                    return sc.NrReclaimed;
                }

                sc.MayWritepage |= sc.Priority < DefPriority - 2;
                sc.NrScanned = 0;
                raisePriority = !await KswapdShrinkNode(zones, sc);
            }
            else
            {
                var endZone = EndZone(zones, sc.Priority, clearBalanced: true);
                if (endZone < 0)
                {
                    break;
                }

                sc.MayWritepage |= sc.Priority < DefPriority - 2;
                for (var i = 0; i <= endZone; i++)
                {
                    if (sc.Priority != DefPriority && !kernel.PageAlloc.ZoneReclaimable(zones[i]))
                    {
                        continue;
                    }

                    sc.NrScanned = 0;
                    if (await KswapdShrinkZone(zones[i], zones[endZone], sc))
                    {
                        raisePriority = false;
                    }
                }
            }

            if (raisePriority || sc.NrReclaimed == before)
            {
                sc.Priority--;
            }
        }
        while (sc.Priority >= 1 && (perNode || !ZonesBalanced(zones)));

        if (perNode)
        {
            PrepareKswapdSleep(zones, node, countFailure: sc.NrReclaimed == 0);
        }

        return sc.NrReclaimed;
    }

    /// <summary>
    /// 3.19's kswapd_shrink_zone: the target is the zone's high watermark, at least
    /// SWAP_CLUSTER_MAX; a zone above it plus the balance gap is left alone (and counts as enough
    /// scanned); otherwise shrink it, clear ZONE_WRITEBACK, and ZONE_CONGESTED and ZONE_DIRTY if it is now balanced.
    /// Returns whether the zone is balanced or the scan reached the target.
    /// </summary>
    [Models("mm/vmscan.c", "kswapd_shrink_zone (shrink_zone(zone, sc, zone_idx(zone) == classzone_idx))", "3.19")]
    [Models("mm/vmscan.c", "shrink_zone (global_reclaim && is_classzone: shrink_node_slabs(sc->nr_scanned - nr_scanned, zone_lru_pages))", "3.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> KswapdShrinkZone(Zone zone, Zone classzone, ScanControl sc)
    {
        sc.NrToReclaim = Math.Max(SwapClusterMax, zone.HighWmarkPages);
        var balanceGap = Math.Min(zone.LowWmarkPages, (zone.ManagedPages + 99) / 100);
        if (KswapdWatermarkOk(zone, zone.HighWmarkPages + balanceGap, classzone))
        {
            return true;
        }

        await ShrinkZone(zone, sc);

        // From 3.19 shrink_zone shrinks the slab caches itself ("invoke slab shrinkers from
        // shrink_zone()"), only when shrinking the classzone (kswapd's end_zone), with that
        // zone's scan and LRU: a lower zone kswapd shrinks on the way asks nothing of them.
        if (kernel.Era.KswapdShrinksSlab() && zone == classzone)
        {
            await ShrinkSlab(sc, [zone], sc.NrScanned);
        }

        ClearReclaimFlag(ref reclaimWriteback, zone);
        if (kernel.PageAlloc.ZoneReclaimable(zone) && KswapdWatermarkOk(zone, zone.HighWmarkPages, classzone))
        {
            ClearReclaimFlag(ref reclaimCongested, zone);
            ClearReclaimFlag(ref reclaimDirty, zone);
        }

        return sc.NrScanned >= sc.NrToReclaim;
    }

    /// <summary>
    /// From 4.8, kswapd_shrink_node: the target is the sum over the node's zones of their high
    /// watermarks, each at least SWAP_CLUSTER_MAX, and the node's LRU is shrunk (the model's
    /// shrink_node takes the node's zones one by one, lowest first). Returns whether the scan
    /// reached the target.
    /// </summary>
    [Models("mm/vmscan.c", "kswapd_shrink_node", "4.19")]
    [Models("mm/vmscan.c", "kswapd_shrink_node", "6.9")]
    [Models("mm/vmscan.c", "shrink_node (shrink_slab(sc->gfp_mask, pgdat->node_id, memcg, sc->priority))", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> KswapdShrinkNode(IReadOnlyList<Zone> zones, ScanControl sc)
    {
        sc.NrToReclaim = zones.Sum(zone => Math.Max(zone.HighWmarkPages, SwapClusterMax));
        foreach (var zone in zones)
        {
            await ShrinkZone(zone, sc);
        }

        // shrink_node's shrink_slab, with kswapd's GFP_KERNEL and the priority, after the LRUs.
        if (kernel.Era.KswapdShrinksSlab())
        {
            await ShrinkSlab(sc, zones, sc.NrScanned);
        }

        return sc.NrScanned >= sc.NrToReclaim;
    }

    /// <summary>
    /// After a 4.8-on run: one that went round the loop and reclaimed nothing
    /// (<paramref name="countFailure"/>; a run that found the node balanced at once leaves by
    /// goto out, past the count) is a failure (kswapd_failures++); the count goes back to 0 only
    /// in shrink_node, when any reclaimer's scan of the node reclaims (<see cref="ResetKswapdFailures"/>).
    /// A node now balanced has its reclaim flags cleared (PGDAT_CONGESTED, PGDAT_DIRTY, PGDAT_WRITEBACK; 6.9's LRUVEC_NODE_CONGESTED) as kswapd
    /// prepares to sleep.
    /// </summary>
    [Models("mm/vmscan.c", "balance_pgdat (kswapd_failures++)", "4.19")]
    [Models("mm/vmscan.c", "prepare_kswapd_sleep", "4.19")]
    [Models("mm/vmscan.c", "clear_pgdat_congested", "4.19")]
    private void PrepareKswapdSleep(IReadOnlyList<Zone> zones, int node, bool countFailure)
    {
        if (countFailure && kernel.Era.KswapdCountsFailures())
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
            kswapdFailures ??= new int[kernel.Config.Machine.Nodes];
            kswapdFailures[node]++;
        }

        if (PgdatBalanced(zones))
        {
            ClearReclaimFlag(ref reclaimCongested, zones[0]);
            ClearReclaimFlag(ref reclaimDirty, zones[0]);
            ClearReclaimFlag(ref reclaimWriteback, zones[0]);
        }
    }

    /// <summary>
    /// end_zone: the highest zone, scanning down, that is below its high watermark (against no
    /// classzone reserve), passing over zones no longer reclaimable below DEF_PRIORITY; -1 when
    /// there is none. 3.19 clears ZONE_CONGESTED and ZONE_DIRTY of the zones it finds balanced on the way
    /// (<paramref name="clearBalanced"/>).
    /// </summary>
    [Models("mm/vmscan.c", "balance_pgdat (end_zone)", "2.6.20")]
    [Models("mm/vmscan.c", "balance_pgdat (end_zone: zone_balanced, clear_bit(ZONE_DIRTY))", "3.18")]
    private int EndZone(IReadOnlyList<Zone> zones, int priority, bool clearBalanced = false)
    {
        for (var i = zones.Count - 1; i >= 0; i--)
        {
            var zone = zones[i];
            if (priority != DefPriority && !kernel.PageAlloc.ZoneReclaimable(zone))
            {
                continue;
            }

            if (!KswapdWatermarkOk(zone, zone.HighWmarkPages, zones[0]))
            {
                return i;
            }

            if (clearBalanced)
            {
                ClearReclaimFlag(ref reclaimCongested, zone);
                ClearReclaimFlag(ref reclaimDirty, zone);
            }
        }

        return -1;
    }

    /// <summary>3.19's pgdat_balanced at order 0: every zone up to the classzone at its high watermark, or no longer reclaimable.</summary>
    [Models("mm/vmscan.c", "pgdat_balanced", "3.18")]
    private bool ZonesBalanced(IReadOnlyList<Zone> zones) =>
        zones.All(zone => !kernel.PageAlloc.ZoneReclaimable(zone) || KswapdWatermarkOk(zone, zone.HighWmarkPages, zone));

    /// <summary>From 4.8, pgdat_balanced: any zone up to the classzone (the node's highest) at its high watermark, against the classzone's reserve.</summary>
    [Models("mm/vmscan.c", "pgdat_balanced", "4.19")]
    [Models("mm/vmscan.c", "pgdat_balanced", "6.9")]
    private bool PgdatBalanced(IReadOnlyList<Zone> zones) =>
        zones.Any(zone => KswapdWatermarkOk(zone, zone.HighWmarkPages, zones[^1]));

    /// <summary>zone_watermark_ok(zone, 0, mark, classzone_idx): free pages above the mark plus what the zone keeps from allocations that could use <paramref name="classzone"/>.</summary>
    private bool KswapdWatermarkOk(Zone zone, long mark, Zone classzone) =>
        kernel.PageAlloc.ZoneWatermarkOk(zone, mark, classzone.IsHighmem ? zone.LowmemReserve : 0);

    /// <summary>clear_bit of a zone (node) flag: kswapd found it balanced.</summary>
    private void ClearReclaimFlag(ref ulong flags, Zone zone)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        if ((flags & ZoneOrNodeBit(zone)) != 0)
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
            flags &= ~ZoneOrNodeBit(zone);
        }
    }
}
