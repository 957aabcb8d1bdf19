using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The LRU lists' order. The model keeps a zone's inactive and active file LRUs (2.5.31: one pair
/// for the machine, <see cref="PriorityLoopEras.ReclaimScansOneGlobalList"/>) as the order of one
/// list of every cached page, from its tail to its head: a zone's inactive LRU is that order
/// restricted to the zone's pages without PG_active, its active LRU to those with it
/// (<see cref="Page.Active"/>), so one list serves every zone, both lists and 2.5.31's alike. Reclaim takes its batches from
/// the tail and puts what it did not free back at the head, so a zone whose oldest pages cannot
/// be freed still gives up its others, and the next batch, in this call or the next, meets the
/// pages not scanned yet before it meets a kept one again. The order is the state: the list
/// holds the pages themselves, so two schedules that leave the same order have the same state.
/// </summary>
public sealed partial class Vmscan
{
    // Every cached page, from the LRU's tail (the oldest, reclaimed first) to its head.
    private readonly List<Page> lru = [];

    /// <summary>Every cached page in LRU order, from the tail (the next reclaimed) to the head.</summary>
    internal IReadOnlyList<Page> Lru
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Lru));
            return lru;
        }
    }

    /// <summary>
    /// A page entering the page cache goes on its LRU, at the head (the pagevec that batches the
    /// insertion is not modelled).
    /// </summary>
    [Models("mm/swap.c", "lru_cache_add", "2.5.31")]
    [Models("mm/swap.c", "lru_cache_add", "2.6.20")]
    [Models("mm/swap.c", "folio_add_lru", "6.9")]
    internal void LruCacheAdd(Page page)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Lru));
        lru.Add(page);
    }

    /// <summary>
    /// A page leaving the page cache leaves its LRU. The kernel takes it off when its last
    /// reference goes (__page_cache_release); the model's LRU holds only cached pages, and what
    /// reclaim may do with an uncached page still referenced is no part of it.
    /// </summary>
    [Models("mm/swap.c", "__page_cache_release (del_page_from_lru_list)", "3.18")]
    [Models("mm/swap.c", "__page_cache_release (lruvec_del_folio)", "6.9")]
    internal void LruDel(Page page)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Lru));
        lru.Remove(page);
    }

    /// <summary>
    /// The writeback of a page reclaim wanted freed (PG_reclaim) has ended: the page goes to its
    /// inactive LRU's tail, where the next batch meets it first, unless it is locked or dirty
    /// again (then it is in use, and stays). From 2.6 (2.5.31's reclaim waited on writeback or
    /// kept the page, and had no PG_reclaim). An active page stays where it is until 4.11, whose
    /// rotation deactivates it on the way (<see cref="ActiveListEras.RotationDeactivates"/>; the
    /// later form, folio_rotate_reclaimable, has no PageActive test [V]).
    /// </summary>
    [Models("mm/swap.c", "rotate_reclaimable_page", "2.6.20")]
    [Models("mm/swap.c", "rotate_reclaimable_page", "3.18")]
    [Models("mm/swap.c", "folio_rotate_reclaimable", "6.9")]
    internal void RotateReclaimablePage(Page page)
    {
        var era = kernel.Era;
        if (!era.EndWritebackRotatesReclaimablePage() || page.Locked || page.Dirty || page.Mapping is null)
        {
            return;
        }

        if (page.Active)
        {
            if (!era.RotationDeactivates())
            {
                return;
            }

            page.Active = false;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Lru));
        if (lru.Remove(page))
        {
            lru.Insert(0, page);
        }
    }

    /// <summary>
    /// Take up to <paramref name="nrToScan"/> pages off the tail of the inactive list of the cached
    /// pages <paramref name="onList"/> accepts (a zone's LRU, or 2.5.31's one list), oldest first:
    /// the order shrink_page_list goes through them. <paramref name="active"/>: off the active
    /// list's tail instead, for shrink_active_list.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_cache (inactive_list.prev)", "2.5.31")]
    [Models("mm/vmscan.c", "isolate_lru_pages", "2.6.20")]
    [Models("mm/vmscan.c", "isolate_lru_pages", "3.18")]
    [Models("mm/vmscan.c", "isolate_lru_folios", "6.9")]
    private List<Page> IsolateLruPages(Func<Page, bool> onList, int nrToScan, bool active = false)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Lru));
        var taken = new List<Page>();
        foreach (var page in lru)
        {
            if (taken.Count == nrToScan)
            {
                break;
            }

            if (page.Active == active && onList(page))
            {
                taken.Add(page);
            }
        }

        return taken;
    }

    /// <summary>
    /// 2.5.31's shrink_cache moves the inactive list's tail page to the head before it looks at
    /// it ("list_del(entry); list_add(entry, &amp;inactive_list)" [V: the "-" side of akpm's batch
    /// reclaim patch against 2.5.31]): whatever reclaim then does with it, waits, writes or keeps
    /// it, the next turn meets the next oldest page, and a page added meanwhile goes in ahead of it.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_cache (list_del(entry); list_add(entry, &inactive_list))", "2.5.31")]
    private void RotateToInactiveHead(Page page)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Lru));
        if (lru.Remove(page))
        {
            lru.Add(page);
        }
    }

    /// <summary>
    /// The pages of a batch reclaim did not free go back to the head of their LRU, in the order
    /// they were scanned (so the oldest of them is still the nearest the tail): those it kept or
    /// passed over in the isolation (3.18's -EBUSY moves the page to the head too) to the inactive
    /// head, those it activated (PG_active) to the active head. A page freed, reused by another file or truncated
    /// meanwhile is on no list of this batch's.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_inactive_list (putback)", "2.6.20")]
    [Models("mm/vmscan.c", "putback_inactive_pages", "3.18")]
    [Models("mm/vmscan.c", "move_folios_to_lru", "6.9")]
    private void PutbackInactivePages(IReadOnlyList<Page> scanned, IReadOnlyList<int> generations)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Lru));
        for (var position = 0; position < scanned.Count; position++)
        {
            var page = scanned[position];
            if (page.Generation == generations[position] && lru.Remove(page))
            {
                lru.Add(page);
            }
        }
    }
}
