using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The active list and its way back to the inactive one. A page reclaim activates (a referenced
/// page, and from 4.11 one it cannot write yet) and a page accessed twice go to the active list,
/// out of reclaim's way; the active list's tail is brought back to the inactive list in the era's
/// form (<see cref="ActiveListEras.ActiveListForm"/>): 2.5.31 refills the inactive list by a
/// ratio before each round, keeping referenced mapped pages; 2.6.20 scans it in every round and
/// keeps mapped pages until reclaim_mapped; the split LRU (2.6.28) deactivates every file page it
/// scans; from 2.6.31 only while the inactive list is the smaller. Not modelled: the anon lists,
/// VM_EXEC (the model maps nothing executable), the active list's share of the allocator's scan
/// count (its deferred scan count before 3.0 is, as the inactive list's: <see cref="ActiveScanCount"/>),
/// the rotation counts get_scan_count weighs, the workingset.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>vm_swappiness's default: 2.6.20's swap_tendency adds it.</summary>
    private const int VmSwappiness = 60;

    /// <summary>
    /// Bring up to <paramref name="nrToScan"/> pages off the tail of the active list of the pages
    /// <paramref name="onList"/> accepts back to the inactive list's head, or keep them at the
    /// active head, in the era's form; <paramref name="priority"/> is the round's (2.6.20's
    /// reclaim_mapped reads it). The references of every page taken are read and cleared
    /// (<see cref="Rmap.FolioReferenced"/>): a page deactivated unreferenced is the next reclaim's
    /// candidate, one referenced since is kept by shrink_page_list. One step with the batch it
    /// follows: the lru lock and the rmap walk touch nothing the model's other threads wait on.
    /// Returns the pages scanned.
    /// </summary>
    [Models("mm/vmscan.c", "refill_inactive", "2.5.31")]
    [Models("mm/vmscan.c", "refill_inactive_zone", "2.6.20")]
    [Models("mm/vmscan.c", "shrink_active_list", "2.6.29")]
    [Models("mm/vmscan.c", "shrink_active_list", "3.18")]
    [Models("mm/vmscan.c", "shrink_active_list", "6.9")]
    private int ShrinkActiveList(Func<Page, bool> onList, long nrToScan, int priority)
    {
        if (nrToScan <= 0)
        {
            return 0;
        }

        var form = kernel.Era.ActiveListForm();
        var taken = IsolateLruPages(onList, (int)Math.Min(nrToScan, int.MaxValue), active: true);
        var reclaimMapped = form == ActiveListForm.RefillInactiveZone && taken.Count > 0 && ReclaimMapped(priority);
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Lru));
        foreach (var page in taken)
        {
            var mapped = PageMapped(page);
            bool keep;
            switch (form)
            {
                case ActiveListForm.RefillInactive:
                    // Only a mapped page (page->pte.chain) is asked; every other one goes.
                    keep = mapped && kernel.Rmap.FolioReferenced(page) > 0;
                    break;
                case ActiveListForm.RefillInactiveZone:
                    // A mapped page stays while reclaim_mapped is off, and after while referenced.
                    keep = mapped && (!reclaimMapped || kernel.Rmap.FolioReferenced(page) > 0);
                    break;
                default:
                    // The split LRU reads the references (of a page in use by a mapping until
                    // 2.6.31) and deactivates every file page but an executable one.
                    if (mapped || form == ActiveListForm.InactiveIsLow)
                    {
                        kernel.Rmap.FolioReferenced(page);
                    }

                    keep = false;
                    break;
            }

            page.Active = keep;
            lru.Remove(page);
            lru.Add(page);
        }

        return taken.Count;
    }

    /// <summary>
    /// Whether reclaim takes the active list's tail back in this round: 2.6.20 and the split LRU
    /// scan it by its count in every round; from 2.6.31 only while the inactive list of the pages
    /// <paramref name="onList"/> accepts is smaller than the active one.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_list (LRU_ACTIVE_FILE)", "2.6.29")]
    [Models("mm/vmscan.c", "inactive_file_is_low", "2.6.36")]
    [Models("mm/vmscan.c", "inactive_list_is_low", "4.19")]
    [Models("mm/vmscan.c", "inactive_is_low", "6.9")]
    private bool InactiveIsLow(Func<Page, bool> onList)
    {
        if (kernel.Era.ActiveListForm() != ActiveListForm.InactiveIsLow)
        {
            return true;
        }

        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Lru));
        long active = 0, inactive = 0;
        foreach (var page in lru)
        {
            if (onList(page))
            {
                if (page.Active)
                {
                    active++;
                }
                else
                {
                    inactive++;
                }
            }
        }

        // inactive_ratio is 1 below a gigabyte: the model's machines are all smaller.
        return inactive < active;
    }

    /// <summary>
    /// 2.5.31's refill_inactive count before a round: "try to keep the active list 2/3 of the
    /// size of the cache", ratio = nr_pages * nr_active / ((nr_inactive | 1) * 2) over the one list.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_caches (ratio)", "2.5.31")]
    private long RefillInactiveRatio(long nrPages)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Lru));
        long active = 0, inactive = 0;
        foreach (var page in lru)
        {
            if (page.Active)
            {
                active++;
            }
            else
            {
                inactive++;
            }
        }

        return nrPages * active / ((inactive | 1) * 2);
    }

    /// <summary>
    /// 2.6.20's reclaim_mapped: swap_tendency = mapped_ratio / 2 + distress + vm_swappiness at
    /// least 100, distress = 100 &gt;&gt; priority (the zone's prev_priority taken as the round's),
    /// mapped_ratio the mapped pages' percentage of memory.
    /// </summary>
    [Models("mm/vmscan.c", "refill_inactive_zone (reclaim_mapped)", "2.6.20")]
    private bool ReclaimMapped(int priority)
    {
        var mapped = lru.Count(PageMapped);
        var mappedRatio = mapped * 100L / Math.Max(1L, kernel.Config.Machine.TotalPages);
        var distress = 100 >> priority;
        return (mappedRatio / 2) + distress + VmSwappiness >= 100;
    }

    /// <summary>page_mapped: a pte of the file's mapping maps this page.</summary>
    [Models("include/linux/mm.h", "page_mapped", "2.6.20")]
    [Models("include/linux/mm.h", "folio_mapped", "6.9")]
    internal static bool PageMapped(Page page) =>
        page.Mapping?.IMmap is { } vma && vma.Lookup(page.Index) is { } pte && pte.Page == page;

    /// <summary>
    /// page_mapping_inuse (to 2.6.32): the page is mapped, or its file is mapped somewhere, so a
    /// reference found on it is a mapped user's.
    /// </summary>
    [Models("mm/vmscan.c", "page_mapping_inuse", "2.6.20")]
    private static bool PageMappingInuse(Page page) => PageMapped(page) || page.Mapping?.IMmap is not null;
}
