using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageAlloc
{
    /// <summary>MAX_RECLAIM_RETRIES: the rounds in a row without progress before the OOM path (4.7 on).</summary>
    public const int MaxReclaimRetries = 16;

    /// <summary>
    /// Whether a round of direct reclaim that did or did not free pages
    /// (<paramref name="didSomeProgress"/>) is worth another (4.7 on, 0a0337e0d1d1): a round with
    /// progress resets the allocation's count of rounds without it, one without adds one, and
    /// past <see cref="MaxReclaimRetries"/> of them the allocation goes to the OOM path. Otherwise
    /// it retries while some zone it may use would clear its min watermark (with the lowmem
    /// reserve of the allocation's classzone) if every reclaimable page of the zone were freed:
    /// its free pages plus its file LRU (zone_reclaimable_pages; the model has no swap, so no
    /// anonymous page counts), dirty and writeback pages included. In 4.7 to 5.15 a retry without
    /// progress first waits in congestion_wait(BLK_RW_ASYNC, HZ/10) when more than half of that
    /// zone's reclaimable pages are dirty or under writeback (read in a 4.x tree).
    /// The 4.7 to 4.11 backoff (the reclaimable pages scaled down by no_progress_loops / 16) was
    /// removed by Johannes Weiner's "mm: remove unnecessary back-off function when retrying page
    /// reclaim" (posted 28 February 2017 as 9/9, read; 4.12 [I]), before the model's 4.13 era.
    /// No unreserve_highatomic_pageblock: the model has no highatomic reserve.
    /// </summary>
    [Models("mm/page_alloc.c", "should_reclaim_retry", "4.19")]
    [Models("mm/page_alloc.c", "should_reclaim_retry", "6.9")]
    [Models("mm/vmscan.c", "zone_reclaimable_pages", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    internal async ValueTask<bool> ShouldReclaimRetry(IReadOnlyList<Zone> zonelist, bool didSomeProgress, AllocRetries retries)
    {
        retries.NoProgressLoops = didSomeProgress ? 0 : retries.NoProgressLoops + 1;
        if (retries.NoProgressLoops > MaxReclaimRetries)
        {
            return false;
        }

        var retry = false;
        foreach (var zone in zonelist)
        {
            // zone_reclaimable_pages: the zone's file LRU (the model has no swap, so no anonymous
            // page counts), with NR_ZONE_WRITE_PENDING (4.8; NR_FILE_DIRTY + NR_WRITEBACK in 4.7).
            var (free, fileLru, pending) = kernel.Throttle.ZoneCounters(zone);
            var reclaimable = (long)fileLru;
            var writePending = (long)pending;
            var available = reclaimable + (long)free;
            if (available <= zone.MinWmarkPages + LowmemReserve(zone, zonelist[0]))
            {
                continue;
            }

            if (!didSomeProgress && kernel.Era.ShouldReclaimRetryWaitsOnWritePending() && 2 * writePending > reclaimable)
            {
                await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 10);
                return true;
            }

            retry = true;
            break;
        }

        // The kernel's cond_resched here is not a scheduling point of the model. In 4.7 to 5.15
        // it is passed only on the way to a retry, and from there to the retry's first scheduling
        // point (the page-cache lookup's xa_lock in the caller) the task touches no shared state:
        // a preemption here reaches exactly the states a preemption there does. From 5.16 it is
        // passed every round [R], also before the OOM path, where a preemption between this
        // decision and __alloc_pages_may_oom's high-watermark look would be new (another task
        // could free or kill meanwhile); not modelled yet (docs/nodes.md).
        return retry;
    }
}
