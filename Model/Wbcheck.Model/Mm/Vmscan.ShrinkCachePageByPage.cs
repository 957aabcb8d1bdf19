using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// 2.5.31's shrink_cache, page by page: under pagemap_lru_lock it looks at the inactive list's
/// tail, moves that page to the list's head before any test, and then tries to free it, one page
/// at a time, until max_scan runs out, the list is empty or the call's remaining target is met
/// [V: the "-" side of akpm's "[patch 6/21] multithread and batch page reclaim", against 2.5.31,
/// lkml 11 August 2002]. That patch (2.5.32) brought the batches the later eras keep: SWAP_CLUSTER_MAX
/// pages at least taken off the list into a private one, shrink_list over them, the rest put
/// back (<see cref="ShrinkInactiveList"/>). Two things the page-by-page form does that the
/// batches do not: it stops the moment the target is freed ("if (--nr_pages) continue; goto
/// out;"), where a batch goes through every page it took; and a page it looked at is at the
/// list's head from the moment it was looked at, before reclaim waits on it or writes for it.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>
    /// One round of 2.5.31's shrink_caches and shrink_cache. shrink_caches reads the page state
    /// once, before refill_inactive: the ratio takes the call's remaining target (try_to_free_pages
    /// hands shrink_caches what is left of SWAP_CLUSTER_MAX), and max_scan is the inactive count of
    /// that reading divided by the priority, whatever the refill then moves [V: the same "-" side,
    /// and a diff against linux-2.5.31-virgin's try_to_free_pages]. Then page by page
    /// (<see cref="ShrinkCachePage"/>): each costs one of max_scan, and the pages -&gt;vm_writeback
    /// wrote for a dirty one come off it too ("max_scan -= (cluster_size - nr_to_write)").
    /// </summary>
    [Models("mm/vmscan.c", "shrink_caches (get_page_state, ratio, refill_inactive, max_scan = ps.nr_inactive / priority)", "2.5.31")]
    [Models("mm/vmscan.c", "shrink_cache (while (--max_scan >= 0 && (entry = inactive_list.prev) != &inactive_list))", "2.5.31")]
    [Models("mm/vmscan.c", "shrink_cache (max_scan -= cluster_size - nr_to_write)", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask ShrinkCache(ScanControl sc)
    {
        var maxScan = LruSize(_ => true, active: false) / sc.Priority;
        ShrinkActiveList(_ => true, RefillInactiveRatio(sc.NrToReclaim - sc.NrReclaimed), sc.Priority);
        while (--maxScan >= 0 && sc.NrReclaimed < sc.NrToReclaim)
        {
            var writtenBefore = sc.NrVmWritebackWritten;
            if (!await ShrinkCachePage(sc))
            {
                break;
            }

            maxScan -= sc.NrVmWritebackWritten - writtenBefore;
        }
    }

    /// <summary>
    /// One turn of 2.5.31's shrink_cache loop: the need_resched check (the loop's one voluntary
    /// scheduling point, the model's Yield), the inactive list's tail page moved to the head
    /// ("list_del(entry); list_add(entry, &amp;inactive_list)") and counted as scanned, a page of
    /// a zone the allocation may not use left there (memclass), and any other tried
    /// (<see cref="ShrinkIsolatedFolio"/>: the writeback wait, the trylock, the references, the
    /// write through -&gt;vm_writeback, the removal). Returns false when the inactive list was empty.
    /// 2.5.31 holds no reference of its own while pagemap_lru_lock is held and tests
    /// "page_count(page) - !!PagePrivate(page) == 1" (is_page_cache_freeable), taking one only
    /// around the writeback wait and -&gt;vm_writeback; the model holds the batches' reference for
    /// the page's turn and tests for two: the same test, as nothing but reclaim reads a page's
    /// count in the model.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_cache (need_resched; list_del, list_add: to the head first; memclass)", "2.5.31")]
    [Models("mm/vmscan.c", "is_page_cache_freeable (page_count - !!PagePrivate == 1)", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> ShrinkCachePage(ScanControl sc)
    {
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel(kernel.Names.IsolateLru));
        var tail = IsolateLruPages(_ => true, 1);
        if (tail.Count == 0)
        {
            return false;
        }

        var page = tail[0];
        RotateToInactiveHead(page);
        sc.NrScanned++;
        kernel.PageAlloc.CountPagesScanned(tail);
        if (!Memclass(page, sc.Zonelist))
        {
            return true;
        }

        Filemap.FolioGet(page);
        var stat = new ReclaimStat { NrTaken = 1, GfpMask = sc.GfpMask };
        if (await ShrinkIsolatedFolio(page, sc.Kswapd, sc.MayWritepage && sc.MayEnterFs, stat) == ReclaimResult.Freed)
        {
            sc.NrReclaimed++;
        }

        sc.NrVmWritebackWritten += stat.NrVmWritebackWritten;
        return true;
    }
}
