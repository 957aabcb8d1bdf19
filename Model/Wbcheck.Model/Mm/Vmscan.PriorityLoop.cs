using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// Direct reclaim's priority loop. Each round scans each eligible zone's LRU by a count that
/// grows as the priority falls (size &gt;&gt; priority from 2.6; 2.5.31 scans its one list by its
/// size divided by the priority, page by page: <see cref="ShrinkCache"/>), from 2.6 in batches of
/// at most SWAP_CLUSTER_MAX taken off the LRU's tail (the pages not freed go back to its head:
/// <see cref="PutbackInactivePages"/>), until the call
/// has reclaimed its target; between rounds the era wakes the flushers, raises sc.may_writepage
/// and naps (<see cref="PriorityLoopEras"/>). What the loop buys the model: how many pages a
/// round may scan (none at all in the first rounds of a small zone, and before 3.0 none until a
/// zone's deferred count reaches a batch), a second look at pages the loop itself started writing
/// (the nap lets their I/O end, end_page_writeback rotates them to the tail, and the next round
/// frees them), and where the loop gives up. Each round also scans the active list
/// (<see cref="ShrinkActiveBatch"/>), and from 5.5 a call that freed nothing goes round again
/// with deactivation forced. Not modelled: the zone skips
/// (all_unreclaimable, zone_reclaimable: PageAlloc keeps the scan count the allocator reads),
/// reclaim by node from 4.8 (each zone is scanned on its own; the model's NUMA nodes have one
/// zone each), the memcg iteration.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>
    /// Each zone's deferred scan counts, by zone id and list (0 inactive, 1 active):
    /// zone-&gt;nr_scan_inactive and nr_scan_active in 2.6.20, zone-&gt;lru[l].nr_scan in 2.6.28,
    /// the zone's nr_saved_scan[l] from 2.6.31, in the eras that defer (<see cref="NrScanTryBatch"/>).
    /// </summary>
    private long[,]? nrSavedScan;

    /// <summary>
    /// The loop: rounds from the era's DEF_PRIORITY down to its last priority, each scanning the
    /// zones of <paramref name="zonelist"/> (<see cref="ShrinkZones"/>), stopping once
    /// <paramref name="sc"/>'s target is reclaimed; returns how many were. Direct reclaim's
    /// (<see cref="TryToFreePages"/>) and, from 2.6.25, a memcg's limit reclaim
    /// (<see cref="TryToFreeMemCgroupPages"/>, its own pages only).
    /// </summary>
    [Models("mm/vmscan.c", "try_to_free_pages", "2.5.31")]
    [Models("mm/vmscan.c", "try_to_free_pages", "2.6.20")]
    [Models("mm/vmscan.c", "do_try_to_free_pages", "2.6.29")]
    [Models("mm/vmscan.c", "do_try_to_free_pages", "2.6.36")]
    [Models("mm/vmscan.c", "do_try_to_free_pages", "3.18")]
    [Models("mm/vmscan.c", "do_try_to_free_pages", "4.19")]
    [Models("mm/vmscan.c", "do_try_to_free_pages", "6.9")]
    [Models("mm/vmscan.c", "do_try_to_free_pages (skipped_deactivate: force_deactivate, goto retry)", "6.9")]
    [Models("mm/vmscan.c", "try_to_free_pages (shrink_slab(sc.nr_scanned, gfp_mask, lru_pages))", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_node_memcgs (shrink_slab(sc->gfp_mask, pgdat->node_id, memcg, sc->priority))", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> DoTryToFreePages(IReadOnlyList<Zone> zonelist, ScanControl sc)
    {
        var era = kernel.Era;
        sc.Zonelist = zonelist;
        var totalScanned = 0L;
        while (true)
        {
            for (sc.Priority = era.DirectReclaimDefPriority(); sc.Priority >= era.DirectReclaimLastPriority(); sc.Priority--)
            {
                sc.NrScanned = 0;
                await ShrinkZones(zonelist, sc);

                // Global reclaim shrinks the slab caches each round too (shrink_slab after
                // shrink_zones to 3.x, from shrink_node later); a memcg's limit reclaim asks only
                // memcg-aware shrinkers, which the model has none of.
                if (sc.TargetMemCgroup is null)
                {
                    await ShrinkSlab(sc, zonelist, sc.NrScanned);
                }

                totalScanned += sc.NrScanned;
                if (sc.NrReclaimed >= sc.NrToReclaim)
                {
                    break;
                }

                await AfterRound(sc, totalScanned);
            }

            // 5.5 on: a call that freed nothing while a round left active pages alone by the
            // ratio goes round again from the start, deactivating them whatever the ratio (the
            // ratio was the reclaim root's estimate; a memcg of a few pages, all active or
            // locked, is where it fails).
            if (sc.NrReclaimed == 0 && sc.SkippedDeactivate && era.ReclaimForcesDeactivation())
            {
                sc.ForceDeactivate = true;
                sc.SkippedDeactivate = false;
                continue;
            }

            return sc.NrReclaimed;
        }
    }

    /// <summary>
    /// A round short of its target: in laptop mode, writepage from priority DEF_PRIORITY - 3 on
    /// (3.11 on); past one and a half batches scanned in all, wake the flushers for that many
    /// pages (every dirty page in laptop mode) and allow writepage (to 4.10); then nap, if the
    /// round scanned something below DEF_PRIORITY - 2, for the writes to end (to 2.6.36; later
    /// forms sleep only on a congestion the model does not mark). 2.5.31 woke bdflush in
    /// <see cref="ShrinkZones"/> instead.
    /// </summary>
    [Models("mm/vmscan.c", "try_to_free_pages (wakeup_pdflush, congestion_wait)", "2.6.20")]
    [Models("mm/vmscan.c", "do_try_to_free_pages (wakeup_flusher_threads, congestion_wait)", "2.6.36")]
    [Models("mm/vmscan.c", "do_try_to_free_pages (may_writepage, wakeup_flusher_threads)", "3.18")]
    [Models("mm/vmscan.c", "do_try_to_free_pages (may_writepage)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask AfterRound(ScanControl sc, long totalScanned)
    {
        var era = kernel.Era;
        var lowPriority = sc.Priority < era.DirectReclaimDefPriority() - 2;
        if (era.DirectReclaimRaisesMayWritepageByPriority() && lowPriority)
        {
            sc.MayWritepage = true;
        }

        if (era.DirectReclaimWakesFlushersByScanCount() && totalScanned > sc.NrToReclaim + (sc.NrToReclaim / 2))
        {
            kernel.Throttle.WakeupFlusherThreads(kernel.Throttle.Sysctls.LaptopMode != 0 ? 0 : totalScanned);
            sc.MayWritepage = true;
        }

        if (era.DirectReclaimNapsBetweenRounds() && sc.NrScanned > 0 && lowPriority)
        {
            await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10);
        }
    }

    /// <summary>
    /// One round over the zones the allocation may use, in zonelist order. 2.5.31's round that fell
    /// short wakes bdflush and then shrinks the inode cache itself (shrink_icache_memory(1,
    /// gfp_mask), <see cref="ShrinkerEras.ShrinkCachesShrinksInodeCache"/>); 6.9 considers a
    /// throttle after the round.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_caches", "2.5.31")]
    [Models("mm/vmscan.c", "shrink_caches (if (nr_pages <= 0) return 0; wakeup_bdflush(); shrink_icache_memory(1, gfp_mask))", "2.5.31")]
    [Models("mm/vmscan.c", "shrink_zones", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_zones", "3.18")]
    [Models("mm/vmscan.c", "shrink_zones", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask ShrinkZones(IReadOnlyList<Zone> zonelist, ScanControl sc)
    {
        if (kernel.Era.ReclaimScansOneGlobalList())
        {
            await ShrinkCache(sc);
        }
        else
        {
            foreach (var zone in zonelist)
            {
                await ShrinkZone(zone, sc);
            }
        }

        var era = kernel.Era;
        if (sc.NrReclaimed < sc.NrToReclaim)
        {
            if (era.DirectReclaimWakesBdflushEachRound())
            {
                // wakeup_bdflush: background_writeout of every page dirty now (get_page_state's
                // nr_dirty: "start heavy writeback of everything"), below the background threshold too.
                kernel.Throttle.WakeupPdflush(0);
            }

            if (era.ShrinkCachesShrinksInodeCache())
            {
                // "After shrinking the dcache, get rid of unused inodes too ..": the model has no dcache.
                await kernel.Vfs.ShrinkIcacheMemory(1, sc.GfpMask);
            }
        }

        if (era.DirectReclaimThrottlesWithoutProgress())
        {
            await ConsiderReclaimThrottle(zonelist[0], sc);
        }
    }

    /// <summary>
    /// 2.5.31's memclass(page_zone(page), classzone): a page on the one list may be freed for this
    /// allocation only if its zone is on the node of the classzone (the zonelist's first) and no
    /// higher than it (taken as: in the zonelist, which leaves out the zones the allocation may
    /// not use).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_list (memclass)", "2.5.31")]
    private static bool Memclass(Page page, IReadOnlyList<Zone> zonelist) =>
        page.Zone is { } pageZone && zonelist.Count > 0 && pageZone.Node == zonelist[0].Node && zonelist.Contains(pageZone);

    /// <summary>
    /// Scan <paramref name="zone"/> by its count for the round (<see cref="ScanCount"/>), a batch
    /// at a time, stopping early where the era's direct reclaim bails out once enough is reclaimed.
    /// From 4.11 a scan that reclaimed anything resets the node's kswapd_failures, whoever
    /// reclaims: kswapd, a direct reclaimer or memcg limit reclaim (shrink_node: "A successful
    /// direct reclaim run will revive a dormant kswapd", c73322d098e4). To 4.8 it ends with
    /// throttle_vm_writeout (<see cref="ReclaimEras.ReclaimThrottlesVmWriteout"/>).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_zone", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_zone (throttle_vm_writeout)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_zone", "2.6.29")]
    [Models("mm/vmscan.c", "shrink_zone (throttle_vm_writeout(sc->gfp_mask))", "2.6.29")]
    [Models("mm/vmscan.c", "shrink_lruvec", "3.18")]
    [Models("mm/vmscan.c", "shrink_lruvec (throttle_vm_writeout(sc->gfp_mask))", "3.18")]
    [Models("mm/vmscan.c", "shrink_node_memcg", "4.19")]
    [Models("mm/vmscan.c", "shrink_lruvec", "6.9")]
    [Models("mm/vmscan.c", "shrink_node (sc->may_deactivate)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask ShrinkZone(Zone zone, ScanControl sc)
    {
        var era = kernel.Era;
        if (era.ReclaimForcesDeactivation())
        {
            // shrink_node decides for the round, before any batch, from the reclaim root's lists.
            sc.MayDeactivate = sc.ForceDeactivate || InactiveIsLow(page => page.Zone == zone && OnLruOf(page, sc));
        }

        var (nr, nrActive) = GetScanCount(zone, sc);
        var activeFirst = era.ActiveListForm() == ActiveListForm.RefillInactiveZone;
        var zoneReclaimed = 0;
        var belowDefPriority = sc.Priority < era.DirectReclaimDefPriority();
        // 3.11's shrink_lruvec scans the whole count at DEF_PRIORITY for global direct reclaim
        // only: kswapd and memcg reclaim stop at their target in every round.
        var bailsAtDefPriority = !sc.GlobalDirect;
        var rule = era.DirectReclaimBailOut();
        var reclaimedBefore = sc.NrReclaimed;
        while (nr > 0 || nrActive > 0)
        {
            // 2.6.20 refills the inactive list before each inactive batch, the split LRU scans
            // the active list after it (for_each_evictable_lru's order).
            if (activeFirst)
            {
                nrActive -= ShrinkActiveBatch(zone, nrActive, sc);
            }

            if (nr > 0)
            {
                var batch = (int)Math.Min(nr, SwapClusterMax);
                nr -= batch;
                zoneReclaimed += await ShrinkInactiveList(zone, batch, sc);
            }

            if (!activeFirst)
            {
                nrActive -= ShrinkActiveBatch(zone, nrActive, sc);
            }

            var bailOut = rule switch
            {
                DirectReclaimBailOut.CallOverTarget => !sc.Kswapd && belowDefPriority && sc.NrReclaimed > sc.NrToReclaim,
                DirectReclaimBailOut.CallTarget => belowDefPriority && sc.NrReclaimed >= sc.NrToReclaim,
                DirectReclaimBailOut.ZoneTarget => (belowDefPriority || bailsAtDefPriority) && zoneReclaimed >= sc.NrToReclaim,
                _ => false,
            };
            if (bailOut)
            {
                break;
            }
        }

        if (sc.NrReclaimed > reclaimedBefore)
        {
            ResetKswapdFailures(zone.Node);
        }

        // 2.6.20 to 4.8: wait for writeback to come down near the dirty threshold before going
        // on, so that reclaim does not queue page after page faster than the disk cleans them.
        if (era.ReclaimThrottlesVmWriteout() && !kernel.Faults.ReclaimSkipsThrottleVmWriteout)
        {
            await kernel.Throttle.ThrottleVmWriteout(sc.GfpMask);
        }
    }

    /// <summary>
    /// One batch of <paramref name="zone"/>'s active list, of at most SWAP_CLUSTER_MAX of the
    /// <paramref name="nrActive"/> pages the round has left for it, scanned where the era
    /// scans it now (<see cref="InactiveIsLow"/>; from 5.5 as the round decided at its start,
    /// a batch left alone recorded for <see cref="DoTryToFreePages"/>'s forced pass). Returns the batch's share of the count, scanned
    /// or not (shrink_list's nr_to_scan is spent either way).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_zone (refill_inactive_zone)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_list (LRU_ACTIVE_FILE)", "3.18")]
    [Models("mm/vmscan.c", "shrink_list (is_active_lru: may_deactivate, skipped_deactivate)", "6.9")]
    private long ShrinkActiveBatch(Zone zone, long nrActive, ScanControl sc)
    {
        if (nrActive <= 0)
        {
            return 0;
        }

        var batch = Math.Min(nrActive, SwapClusterMax);
        bool OnList(Page page) => page.Zone == zone && OnLruOf(page, sc);
        var decidedForRound = kernel.Era.ReclaimForcesDeactivation();
        if (decidedForRound ? sc.MayDeactivate : InactiveIsLow(OnList))
        {
            ShrinkActiveList(OnList, batch, sc.Priority);
        }
        else if (decidedForRound)
        {
            sc.SkippedDeactivate = true;
        }

        return batch;
    }

    /// <summary>
    /// get_scan_count: how many pages of <paramref name="zone"/>'s inactive and active lists this
    /// round scans, each its own count (<see cref="ScanCount"/>, <see cref="ActiveScanCount"/>),
    /// and in 3.19 force_scan. Where the reclaimer forces (<see cref="ForceScan"/>: memcg limit
    /// reclaim, kswapd on a zone no longer reclaimable), a round in which no evictable list had a
    /// count (size &gt;&gt; priority 0 on every one) goes over the lists a second time and scans
    /// each by min(size, SWAP_CLUSTER_MAX): the active list as the inactive, for_each_evictable_lru.
    /// Only then: Suleiman Souhlal's "mm: only force scan in reclaim when none of the LRUs are big
    /// enough" (6f04f48dc9c0, 3.16 [V: the id cited by Johannes Weiner on linux-mm; the patch,
    /// against 3.14-rc6, and akpm's review of it read; its "pass" loop and some_scanned in a
    /// 3.16-3.18 tree's get_scan_count]) made the second pass; from 3.2 (246e87a93934 [R]) to
    /// 3.15 each list with no count was forced on its own (no model era lies there). The lists'
    /// order and the anon lists (scan_balance SCAN_FILE: the model has no swap, their size and
    /// count 0) change nothing here. From 4.11 no force_scan (Johannes Weiner's "mm: don't avoid
    /// high-priority reclaim on memcg limit reclaim", 4.11 [R], whose diff read: "Remove the
    /// force_scan stuff, as well as the ugly multi-pass target calculation"); it left one forced
    /// count, "if (!scan &amp;&amp; !mem_cgroup_online(memcg))" for a deleted cgroup's lruvec,
    /// which the model does not have: its global reclaim scans the zone's one LRU, not each
    /// memcg's lruvec, and its memcg limit reclaim is a charge to a memcg still online in every
    /// scenario [I]. Returns (inactive, active).
    /// </summary>
    [Models("mm/vmscan.c", "get_scan_count (some_scanned, pass: force_scan on the second pass)", "3.18")]
    [Models("mm/vmscan.c", "get_scan_count", "4.19")]
    internal (long Inactive, long Active) GetScanCount(Zone zone, ScanControl sc)
    {
        var nr = ScanCount(zone, sc);
        var nrActive = ActiveScanCount(zone, sc);
        if (nr == 0 && nrActive == 0 && ForceScan(zone, sc))
        {
            bool OnList(Page page) => page.Zone == zone && OnLruOf(page, sc);
            nr = Math.Min(LruSize(OnList, active: false), SwapClusterMax);
            nrActive = Math.Min(LruSize(OnList, active: true), SwapClusterMax);
        }

        return (nr, nrActive);
    }

    /// <summary>
    /// get_scan_count's force_scan (3.19): "If the zone or memcg is small, nr[l] can be 0. This
    /// results in no scanning on this priority and a potential priority drop. Global direct
    /// reclaim can go to the next zone and tends to have no problems. Global kswapd is for zone
    /// balancing and it needs to scan a minimum amount. When reclaiming for a memcg, a priority
    /// drop can cause high latencies, so it's better to scan a minimum amount there as well."
    /// [V: a 3.16-3.18 tree: "if (current_is_kswapd() &amp;&amp; !zone_reclaimable(zone))
    /// force_scan = true; if (!global_reclaim(sc)) force_scan = true;"]
    /// (<see cref="MemcgEras.MemcgReclaimForcesScan"/>, <see cref="KswapdEras.KswapdForcesScanOfUnreclaimableZone"/>).
    /// </summary>
    [Models("mm/vmscan.c", "get_scan_count (force_scan)", "3.18")]
    private bool ForceScan(Zone zone, ScanControl sc)
    {
        var era = kernel.Era;
        if (sc.TargetMemCgroup is not null)
        {
            return era.MemcgReclaimForcesScan();
        }

        return sc.Kswapd && era.KswapdForcesScanOfUnreclaimableZone() && !kernel.PageAlloc.ZoneReclaimable(zone);
    }

    /// <summary>
    /// How many pages of <paramref name="zone"/>'s active list this round scans: its size shifted
    /// right by the priority, plus one in 2.6.20; none in 2.5.31, whose refill_inactive goes by its
    /// ratio (<see cref="ShrinkCache"/>). Before 3.0 the count is deferred as the inactive list's
    /// is, in the zone's own saved count for the active list (<see cref="DeferredScanCount"/>):
    /// 2.6.20's shrink_zone adds the round's share to zone-&gt;nr_scan_active and scans only once
    /// that reaches swap_cluster_max; 2.6.28's split LRU does the same with every list's
    /// zone-&gt;lru[l].nr_scan for global reclaim, and memcg reclaim takes its count at once
    /// ("nr[l] = scan"); from 2.6.31 nr_scan_try_batch defers every list, the memcg's in its own
    /// saved count from 2.6.32 (<see cref="MemcgScanCount"/>). So the active list of a zone of a
    /// few pages is scanned once in about SWAP_CLUSTER_MAX rounds, where scanning it at once would
    /// deactivate a page every round. 3.19's force_scan is <see cref="GetScanCount"/>'s.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_zone (nr_scan_active)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_zone (zone->lru[l].nr_scan, LRU_ACTIVE_FILE)", "2.6.29")]
    [Models("mm/vmscan.c", "get_scan_count (nr_scan_try_batch, LRU_ACTIVE_FILE)", "2.6.36")]
    [Models("mm/vmscan.c", "get_scan_count (LRU_ACTIVE_FILE)", "3.18")]
    [Models("mm/vmscan.c", "get_scan_count (LRU_ACTIVE_FILE)", "6.9")]
    private long ActiveScanCount(Zone zone, ScanControl sc)
    {
        var era = kernel.Era;
        if (era.ActiveListForm() == ActiveListForm.RefillInactive)
        {
            return 0;
        }

        var size = LruSize(page => page.Zone == zone && OnLruOf(page, sc), active: true);
        var scan = (size >> sc.Priority) + (era.ScanCountAddsOne() ? 1 : 0);
        if (sc.TargetMemCgroup is { } target)
        {
            return era.MemcgReclaimDefersSmallBatches() ? MemcgDeferredScanCount(target, zone, active: true, scan) : scan;
        }

        return era.ScanCountDefersSmallBatches() ? DeferredScanCount(zone, active: true, scan) : scan;
    }

    /// <summary>The pages of the inactive (<paramref name="active"/>: active) list <paramref name="onList"/> accepts.</summary>
    [Models("mm/vmscan.c", "lruvec_lru_size", "4.19")]
    private long LruSize(Func<Page, bool> onList, bool active)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Lru));
        long size = 0;
        foreach (var page in lru)
        {
            if (page.Active == active && onList(page))
            {
                size++;
            }
        }

        return size;
    }

    /// <summary>
    /// How many pages of <paramref name="zone"/>'s LRU this round scans: its size shifted right
    /// by the priority (whole at priority 0), plus one in 2.6.20; before
    /// 3.0 a count under SWAP_CLUSTER_MAX is deferred to the zone's saved count, scanned once that
    /// reaches a batch (<see cref="PriorityLoopEras.ScanCountDefersSmallBatches"/>,
    /// <see cref="DeferredScanCount"/>; the active list's likewise, <see cref="ActiveScanCount"/>).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_zone (nr_scan_inactive)", "2.6.20")]
    [Models("mm/vmscan.c", "nr_scan_try_batch", "2.6.36")]
    [Models("mm/vmscan.c", "get_scan_count", "3.18")]
    [Models("mm/vmscan.c", "get_scan_count", "6.9")]
    private long ScanCount(Zone zone, ScanControl sc)
    {
        var era = kernel.Era;
        var size = LruSize(page => page.Zone == zone && OnLruOf(page, sc), active: false);
        var scan = (size >> sc.Priority) + (era.ScanCountAddsOne() ? 1 : 0);
        if (sc.TargetMemCgroup is { } target)
        {
            return MemcgScanCount(target, zone, scan);
        }

        return era.ScanCountDefersSmallBatches() ? DeferredScanCount(zone, active: false, scan) : scan;
    }

    /// <summary>
    /// Global reclaim's deferral of <paramref name="scan"/> in <paramref name="zone"/>'s saved
    /// count for its inactive (<paramref name="active"/>: active) list (<see cref="NrScanTryBatch"/>).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_zone (zone->nr_scan_active, zone->nr_scan_inactive)", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_zone (scanning_global_lru: zone->lru[l].nr_scan)", "2.6.29")]
    [Models("mm/vmscan.c", "get_scan_count (reclaim_stat->nr_saved_scan[l])", "2.6.36")]
    private long DeferredScanCount(Zone zone, bool active, long scan)
    {
        // The saved count is the zone's, shared by every reclaimer that scans it.
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        nrSavedScan ??= new long[kernel.PageAlloc.Zones.Count, 2];
        return NrScanTryBatch(scan, ref nrSavedScan[zone.Id, active ? 1 : 0]);
    }

    /// <summary>
    /// Add <paramref name="nrToScan"/> to a saved count and scan nothing until the count reaches
    /// SWAP_CLUSTER_MAX; then scan the whole count and zero it ("Smallish @nr_to_scan's are
    /// deposited in @nr_saved_scan, until we collected @swap_cluster_max pages to scan"). The one
    /// mechanism of every deferring era and list, global and memcg: 2.6.20 and 2.6.28 wrote it out
    /// in shrink_zone, Wu Fengguang's 2009 patch named it [V: the diffs on linux-mm].
    /// </summary>
    [Models("mm/vmscan.c", "nr_scan_try_batch", "2.6.36")]
    private static long NrScanTryBatch(long nrToScan, ref long nrSavedScan)
    {
        nrSavedScan += nrToScan;
        var nr = nrSavedScan;
        if (nr < SwapClusterMax)
        {
            return 0;
        }

        nrSavedScan = 0;
        return nr;
    }

    /// <summary>
    /// One batch: take up to <paramref name="nrToScan"/> pages off the tail of
    /// <paramref name="zone"/>'s LRU with a reference each in one step
    /// (isolate_lru_pages under the lru lock: the pages ISOLATE_CLEAN passes over count as
    /// scanned and stay), then
    /// shrink_page_list goes through every page taken, oldest first; what it did not free goes
    /// back to the head. The zone (node) flags are set after the batch, and from 4.11 a batch
    /// whose pages were all dirty and not queued for I/O wakes the flushers. Returns the pages freed.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_inactive_list", "3.18")]
    [Models("mm/vmscan.c", "shrink_inactive_list (stat.nr_unqueued_dirty == nr_taken: wakeup_flusher_threads)", "4.19")]
    [Models("mm/vmscan.c", "shrink_inactive_list", "6.9")]
    [Models("mm/vmscan.c", "shrink_inactive_list (trace_mm_vmscan_lru_shrink_inactive)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> ShrinkInactiveList(Zone zone, int nrToScan, ScanControl sc)
    {
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel(kernel.Names.IsolateLru));
        var scanned = IsolateLruPages(page => page.Zone == zone && OnLruOf(page, sc), nrToScan);
        var generations = scanned.ConvertAll(page => page.Generation);
        sc.NrScanned += scanned.Count;
        if (sc.TargetMemCgroup is null)
        {
            // Direct reclaim's and kswapd's batches alike; memcg reclaim leaves the zone's count
            // alone (scanning_global_lru).
            kernel.PageAlloc.CountPagesScanned(scanned);
        }

        var isolated = scanned.Where(page => IsolateLruPage(page, sc.MayWritepage)).ToList();
        foreach (var page in isolated)
        {
            Filemap.FolioGet(page);
        }

        var stat = new ReclaimStat { TargetMemCgroup = sc.TargetMemCgroup, GfpMask = sc.GfpMask };
        var reclaimed = 0;
        foreach (var page in isolated)
        {
            stat.NrTaken++;
            if (await ShrinkIsolatedFolio(page, sc.Kswapd, sc.MayWritepage && sc.MayEnterFs, stat) == ReclaimResult.Freed)
            {
                reclaimed++;
            }
        }

        PutbackInactivePages(scanned, generations);
        sc.NrReclaimed += reclaimed;
        foreach (var observer in kernel.Observers)
        {
            observer.LruShrinkInactive(zone, sc.Priority, scanned.Count, isolated.Count, reclaimed, sc.Kswapd);
        }

        if (isolated.Count > 0 && sc.TargetMemCgroup is null)
        {
            await AfterShrinkingBatch(isolated[0], sc.Kswapd, stat);
        }
        else if (isolated.Count > 0)
        {
            await MemcgReclaimAfterShrinkingBatch(sc.TargetMemCgroup!, isolated[0], stat);
        }

        return reclaimed;
    }

    /// <summary>
    /// After shrink_page_list went through a batch of global reclaim: from 4.11 the flushers woken
    /// when every page the batch took was dirty and not queued for I/O, the zone (node) flags set
    /// from the batch's counts, and kswapd's stall on pages it met again still under writeback.
    /// One place for the priority loop's batches and the one-page batches of
    /// <see cref="ShrinkFolio"/>, which the kernel takes too (a kswapd at priority 1 scans one
    /// page of an LRU of two or three): the kernel asks the same of a batch of one as of a batch
    /// of SWAP_CLUSTER_MAX, so a one-page batch of an unqueued dirty page both wakes the flushers
    /// and, where the era has the flag, sets it. <paramref name="first"/> is a page of the batch,
    /// whose zone (node) is flagged.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (zone flags, nr_immediate)", "3.18")]
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_unqueued_dirty == nr_taken: wakeup_flusher_threads, PGDAT_DIRTY)", "4.13")]
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_unqueued_dirty == nr_taken: wakeup_flusher_threads)", "4.19")]
    [Models("mm/vmscan.c", "shrink_node (sc->nr: PGDAT flags, nr_immediate)", "4.19")]
    [Models("mm/vmscan.c", "shrink_node (sc->nr: PGDAT flags, reclaim_throttle)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask AfterShrinkingBatch(Page first, bool kswapd, ReclaimStat stat)
    {
        // 726d061fbd36 (4.11) woke the flushers in the same test that sets PGDAT_DIRTY, under
        // sane_reclaim: global reclaim and, since 4.2, a cgroup v2 memcg's limit reclaim; Andrey Ryabinin's "Wake up flushers for legacy cgroups
        // too" (4.16) moved the wake-up out of that test, so that a cgroup v1 memcg's reclaim
        // wakes them too, while the flag went to kswapd alone
        // (ReclaimEras.DirectReclaimFlagsReclaimDirty). This is global reclaim's, kswapd's and a
        // direct reclaimer's; memcg reclaim's wake-up is MemcgReclaimAfterShrinkingBatch.
        if (kernel.Era.ReclaimWakesFlushersOnUnqueuedDirty() && stat.AllUnqueuedDirty)
        {
            kernel.Throttle.WakeupFlusherThreads(0);
        }

        FlagReclaimAfterBatch(first, kswapd, stat);
        if (kswapd && stat.NrImmediate > 0)
        {
            await KswapdStallOnImmediate();
        }

        if (!kswapd)
        {
            await ThrottleIfCongested(first, memcg: null);
        }
    }

    /// <summary>
    /// 6.9's consider_reclaim_throttle after a round, on the first zone's node: a direct
    /// reclaimer that has freed nothing by priority 1 sleeps reclaim_throttle(NOPROGRESS), one
    /// jiffy, unless at most half of the node's reclaimable pages are waiting for writeback
    /// (skip_throttle_noprogress: then a cond_resched, with nothing shared touched before the
    /// next scheduling point, so no step of the model). Its kswapd_failures test (no throttle on
    /// a node whose kswapd has given up) is not modelled. A round that reclaims more than an eighth of
    /// what it scanned wakes the throttled: the model's sleep is timed, nobody waits to be woken.
    /// </summary>
    [Models("mm/vmscan.c", "consider_reclaim_throttle", "6.9")]
    [Models("mm/vmscan.c", "reclaim_throttle (VMSCAN_THROTTLE_NOPROGRESS)", "6.9")]
    [Models("mm/vmscan.c", "skip_throttle_noprogress", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask ConsiderReclaimThrottle(Zone first, ScanControl sc)
    {
        // Neither kswapd nor memcg reclaim is throttled for no progress (they stall on writeback).
        if (!sc.GlobalDirect)
        {
            return;
        }

        // A call that has freed anything is making progress (more than an eighth of its scan,
        // or at least not nothing): only one that has freed nothing by priority 1 is throttled.
        if (sc.Priority != 1 || sc.NrReclaimed != 0)
        {
            return;
        }

        await ReclaimThrottleNoprogress(first.Node);
    }

    /// <summary>
    /// reclaim_throttle(pgdat, VMSCAN_THROTTLE_NOPROGRESS), and VMSCAN_THROTTLE_CONGESTED, which
    /// falls through to it: a cond_resched (no step) when at most half of the node's reclaimable
    /// pages wait for writeback (skip_throttle_noprogress), else a sleep of one jiffy.
    /// </summary>
    [Models("mm/vmscan.c", "reclaim_throttle (VMSCAN_THROTTLE_CONGESTED, VMSCAN_THROTTLE_NOPROGRESS)", "6.9")]
    [Models("mm/vmscan.c", "skip_throttle_noprogress", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask ReclaimThrottleNoprogress(int node)
    {
        long reclaimable = 0, writePending = 0;
        foreach (var zone in kernel.PageAlloc.Zones.Where(zone => zone.Node == node))
        {
            var (_, fileLru, pending) = kernel.Throttle.ZoneCounters(zone);
            reclaimable += (long)fileLru;
            writePending += (long)pending;
        }

        if (2 * writePending <= reclaimable)
        {
            return;
        }

        const long timeout = 1;
        kernel.Timers.Advance(timeout);
        await kernel.Runtime.Schedule(PointKind.Wait, new StepLabel("reclaim_throttle", timeout));
    }
}
