using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// When kswapd may write a dirty file page itself (from 3.2 the only reclaimer that may), era by
/// era: before 3.11 whenever sc.may_writepage lets it; from 3.11 only once reclaim has flagged the
/// page's zone (from 4.8 its node) dirty, a batch of pages it took having all been dirty and not
/// queued for I/O (ZONE_DIRTY, PGDAT_DIRTY); from 4.11 also only a page it has met before and
/// marked PG_reclaim (<see cref="ReclaimEras.KswapdWritesOnlyPagesSeenTwice"/>). A page it may not
/// write is marked PG_reclaim, so that end_page_writeback rotates it to the inactive list's tail
/// once the flusher has written it, and kept (activated from 4.11).
/// The kernel clears the flag when kswapd finds the zone or node balanced (balance_pgdat in 3.11
/// to 4.7, clear_pgdat_congested from 4.8): so does the model's kswapd loop
/// (<see cref="Kswapd"/>); the single page the race scenarios' kswapd reclaims
/// (<see cref="ReclaimOne"/>) never finds anything balanced, so there the flag, once set, stays.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>A page outside the allocator has no zone: its own bit.</summary>
    private const int NoZoneKey = 63;

    /// <summary>ZONE_DIRTY (3.11 to 4.7) of each zone, PGDAT_DIRTY (4.8 on) of each node, one bit a zone or node.</summary>
    private ulong reclaimDirty;

    /// <summary>
    /// Whether a kswapd that may write (sc.may_writepage) writes this dirty file page now. Direct
    /// reclaim never does from 3.2 (<see cref="KernelEras.OnlyKswapdWritesFsPages"/>).
    /// </summary>
    [Models("mm/vmscan.c", "shrink_page_list (page_is_file_cache: !current_is_kswapd || !test_bit(ZONE_DIRTY))", "3.18")]
    [Models("mm/vmscan.c", "shrink_page_list (PageReclaim, test_bit(PGDAT_DIRTY))", "4.19")]
    [Models("mm/vmscan.c", "shrink_folio_list (folio_test_reclaim, test_bit(PGDAT_DIRTY))", "6.9")]
    private bool MayWriteFsPage(Page page, bool kswapd)
    {
        var era = kernel.Era;
        if (!era.OnlyKswapdWritesFsPages())
        {
            return true;
        }

        if (!kswapd)
        {
            return false;
        }

        if (era.KswapdWritesOnlyPagesSeenTwice() && !page.Reclaim)
        {
            return false;
        }

        return !era.KswapdWritesOnlyWhenReclaimDirty() || ReclaimDirty(page);
    }

    /// <summary>test_bit(ZONE_DIRTY / PGDAT_DIRTY) of the page's zone or node.</summary>
    private bool ReclaimDirty(Page page) => TestReclaimFlag(reclaimDirty, page);

    /// <summary>
    /// After shrinking a batch, the zone (node) flags set from its counts, by any global reclaim
    /// until 4.17, by kswapd alone after (<see cref="ReclaimEras.DirectReclaimFlagsReclaimDirty"/>).
    /// </summary>
    private void FlagReclaimAfterBatch(Page page, bool kswapd, ReclaimStat stat)
    {
        if (!kswapd && !kernel.Era.DirectReclaimFlagsReclaimDirty())
        {
            return;
        }

        FlagReclaimDirtyAfterBatch(page, stat);
        FlagReclaimWritebackAfterBatch(page, stat);
        FlagReclaimCongestedAfterBatch(page, stat);
    }

    /// <summary>
    /// After a batch of a memcg's limit reclaim, the zone (node) flags its counts set before 4.18
    /// (<see cref="ReclaimEras.DirectReclaimFlagsReclaimDirty"/>): shrink_inactive_list set the
    /// writing-back flag from any reclaimer's batch, outside its global_reclaim test (3.11 to
    /// 4.1) and its sane_reclaim test (4.2 to 4.17), so a cgroup v1 memcg's batch too; the dirty
    /// flag inside that test, so from a cgroup v2 memcg's batch in 4.2 to 4.17 and never a
    /// memcg's before (the model's 3.19). The congested mark is <see cref="MemcgFlagCongestedAfterBatch"/>'s.
    /// From 4.18 only kswapd sets them (Andrey Ryabinin's "don't mess with pgdat-&gt;flags in
    /// memcg reclaim").
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_writeback == nr_taken: ZONE_WRITEBACK, any reclaimer)", "3.18")]
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_writeback == nr_taken: PGDAT_WRITEBACK, any reclaimer)", "4.13")]
    [Models("mm/vmscan.c", "shrink_inactive_list (sane_reclaim: nr_unqueued_dirty == nr_taken: PGDAT_DIRTY)", "4.13")]
    private void MemcgFlagReclaimAfterBatch(MemCgroup memcg, Page page, ReclaimStat stat)
    {
        var era = kernel.Era;
        if (!era.DirectReclaimFlagsReclaimDirty())
        {
            return;
        }

        FlagReclaimWritebackAfterBatch(page, stat);
        if (era.MemcgReclaimOnDefaultHierarchyIsSane() && memcg.OnDefaultHierarchy)
        {
            FlagReclaimDirtyAfterBatch(page, stat);
        }
    }

    /// <summary>
    /// After shrinking a batch of which every page taken was dirty and not under writeback when
    /// reclaim locked it: the flushers are behind, and kswapd may start writing pages of that zone
    /// (node) itself.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_unqueued_dirty == nr_taken: ZONE_DIRTY)", "3.18")]
    [Models("mm/vmscan.c", "shrink_inactive_list (nr_unqueued_dirty == nr_taken: PGDAT_DIRTY)", "4.13")]
    [Models("mm/vmscan.c", "shrink_node (sc->nr.unqueued_dirty == sc->nr.file_taken)", "6.9")]
    private void FlagReclaimDirtyAfterBatch(Page page, ReclaimStat stat)
    {
        if (kernel.Era.KswapdWritesOnlyWhenReclaimDirty() && stat.AllUnqueuedDirty)
        {
            SetReclaimFlag(ref reclaimDirty, page);
        }
    }

    /// <summary>test_bit of a zone (node) flag word for the page's zone (node).</summary>
    private bool TestReclaimFlag(ulong flags, Page page) => TestReclaimBit(flags, ZoneOrNodeBit(page));

    /// <summary>test_bit of a zone (node) flag word: a read of reclaim's shared state.</summary>
    private bool TestReclaimBit(ulong flags, ulong zoneOrNodeBit)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Vmscan));
        return (flags & zoneOrNodeBit) != 0;
    }

    /// <summary>
    /// set_bit of a zone (node) flag word. The test before it reads the flag: a reclaimer that
    /// finds it set must depend on the one that set it, or a search would take the two batches
    /// for independent steps.
    /// </summary>
    private void SetReclaimFlag(ref ulong flags, Page page)
    {
        if (!TestReclaimFlag(flags, page))
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Vmscan));
            flags |= ZoneOrNodeBit(page);
        }
    }

    /// <summary>The bit of the page's zone or node (<see cref="ZoneOrNodeBit(Zone)"/>); a page outside the allocator has its own.</summary>
    private ulong ZoneOrNodeBit(Page page) => page.Zone is { } zone ? ZoneOrNodeBit(zone) : 1UL << NoZoneKey;

    /// <summary>The zone's bit until the node-LRU series (4.8), the node's after.</summary>
    private ulong ZoneOrNodeBit(Zone zone) => 1UL << Math.Min(kernel.Era.KswapdPerNode() ? zone.Node : zone.Id, NoZoneKey);
}
