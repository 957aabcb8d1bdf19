using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageAlloc
{
    private long allocStall;

    /// <summary>ALLOCSTALL: how often a task entered direct reclaim.</summary>
    public long AllocStall => allocStall;

    /// <summary>
    /// The slow path below the min watermark: the allocating task reclaims from the zones it may
    /// use (<see cref="Vmscan.TryToFreePages"/>) and says whether the allocation is to be tried
    /// again (true) or has failed (false: nopage, the caller's -ENOMEM). The retry is the
    /// caller's, from the top of the page-cache lookup (<see cref="TryAllocPage"/> returned null
    /// with the tree lock held; the caller dropped it to sleep here): the kernel's own retry after
    /// reclaim takes the zonelist again at once (get_page_from_freelist in
    /// __alloc_pages_direct_reclaim, 3.x on; after try_to_free_pages in 2.6.20's __alloc_pages)
    /// and, failing, loops back; a lookup that finds the page cached meanwhile is what
    /// add_to_page_cache's -EEXIST sends the kernel back to. <paramref name="retries"/> is the
    /// allocation's own, the same for every round; <paramref name="gfpMask"/> its gfp mask, which
    /// the reclaim runs with (try_to_free_pages' gfp_mask, <see cref="Vmscan.TryToFreePages"/>).
    /// <para>
    /// What follows the reclaim, era by era. An OOM victim (<see cref="OomKill.CurrentIsVictim"/>)
    /// whose reserves are empty fails ("avoid allocations with no watermarks from looping
    /// endlessly"): at once, before reclaiming, until 4.11 (3.x; 2.6.20's goto nopage after its
    /// ALLOC_NO_WATERMARKS try); from 4.11 after reclaim and its retries, where the OOM path
    /// would be (<see cref="OomEras.OomVictimReclaimsBeforeFailing"/>). Before 4.7 (0a0337e0d1d1)
    /// a round that reported progress retries, for ever for order 0 (should_alloc_retry, 2.6.20's
    /// do_retry), after <see cref="WaitBeforeRetry"/>, and one that reported none goes to
    /// <see cref="AllocPagesMayOom"/>; reclaim reports progress when it freed pages and, in the
    /// eras of <see cref="OomEras.DirectReclaimReportsProgressWhileZonesReclaimable"/>, also while
    /// some zone is still reclaimable (<see cref="ZoneReclaimable"/>, the scan count kept by
    /// <see cref="CountPagesScanned"/>), so the OOM killer comes only once every zone has been
    /// scanned six times over without a page freed. From 4.7 <see cref="ShouldReclaimRetry"/>
    /// decides, and the OOM path is taken when it gives up. An allocation without __GFP_FS
    /// (GFP_NOFS, or inside a GFP_NOFS scope from 4.12) never takes the OOM path from 2.6.20
    /// (<see cref="GfpEras.NofsAllocationSkipsOomKiller"/>): it tries again, after the era's wait
    /// before 4.7, as after progress from 4.7.
    /// </para>
    /// </summary>
    [Models("mm/page_alloc.c", "__alloc_pages (rebalance: try_to_free_pages)", "2.6.20")]
    [Models("mm/page_alloc.c", "__alloc_pages_direct_reclaim", "3.18")]
    [Models("mm/page_alloc.c", "__perform_reclaim", "3.18")]
    [Models("mm/page_alloc.c", "__alloc_pages_slowpath", "3.18")]
    [Models("mm/page_alloc.c", "should_alloc_retry", "3.18")]
    [Models("mm/vmscan.c", "do_try_to_free_pages (zones_reclaimable: don't OOM)", "3.18")]
    [Models("mm/vmscan.c", "try_to_free_pages (!sc.all_unreclaimable: ret = 1)", "2.6.20")]
    [Models("mm/page_alloc.c", "__alloc_pages_direct_reclaim", "4.19")]
    [Models("mm/page_alloc.c", "__alloc_pages_slowpath", "4.19")]
    [Models("mm/page_alloc.c", "__alloc_pages_direct_reclaim", "6.9")]
    [Models("mm/page_alloc.c", "__alloc_pages_slowpath", "6.9")]
    [Models("mm/page_alloc.c", "__alloc_pages (__GFP_FS: out_of_memory; else do_retry)", "2.6.20")]
    [Models("mm/oom_kill.c", "out_of_memory (!__GFP_FS: return true)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> AllocPagesDirectReclaim(AddressSpace mapping, AllocRetries retries, Gfp gfpMask)
    {
        oom?.AssertCurrentNotExited();
        if (oom is { CurrentIsVictim: true } && !kernel.Era.OomVictimReclaimsBeforeFailing())
        {
            return false;
        }

        var zonelist = Zonelist(mapping);
        allocStall++;
        var whileReclaimable = kernel.Era.DirectReclaimReportsProgressWhileZonesReclaimable();
        var progress = await kernel.Vmscan.TryToFreePages(zonelist, gfpMask);
        if (kernel.Era.RetriesReclaimWithoutProgress())
        {
            if (await ShouldReclaimRetry(zonelist, progress > 0, retries))
            {
                return true;
            }
        }
        else if (progress > 0 || (whileReclaimable && zonelist.Any(ZoneReclaimable)))
        {
            await WaitBeforeRetry(zonelist[0]);
            return true;
        }

        if (oom is { CurrentIsVictim: true })
        {
            return false;
        }

        // "The OOM killer does not compensate for IO-less reclaim": an allocation without
        // __GFP_FS never calls it, and loops instead, from 2.6.20 (2.6.20 and 3.x test __GFP_FS
        // before out_of_memory and retry an order-0 allocation; from 4.x out_of_memory returns
        // true without a kill, counted as progress). From 4.12 the slow path runs with the task's
        // scope applied (__alloc_pages_nodemask's alloc_mask = current_gfp_context(gfp_mask)), so
        // an allocation inside memalloc_nofs_save has no __GFP_FS here either.
        if (kernel.Era.NofsAllocationSkipsOomKiller() && !CurrentGfpContext(gfpMask).HasFlag(Gfp.Fs) && !kernel.Faults.NofsAllocationCallsOomKiller)
        {
            if (kernel.Era.RetriesReclaimWithoutProgress())
            {
                retries.NoProgressLoops = 0;
            }
            else
            {
                await WaitBeforeRetry(zonelist[0]);
            }

            return true;
        }

        AllocPagesMayOom(zonelist, mapping, retries);
        return true;
    }
}
