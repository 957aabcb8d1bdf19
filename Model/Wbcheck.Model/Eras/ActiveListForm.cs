namespace Wbcheck.Model;

/// <summary>How reclaim refills the inactive list from the active one, era by era (<see cref="ActiveListEras.ActiveListForm"/>).</summary>
public enum ActiveListForm
{
    /// <summary>
    /// 2.5.31's refill_inactive: before each round, ratio = nr_pages * nr_active /
    /// ((nr_inactive | 1) * 2) pages off the active list's tail; a mapped page its ptes (or
    /// PG_referenced) referenced goes back to the active head, every other page to the inactive list.
    /// </summary>
    RefillInactive,

    /// <summary>
    /// 2.6's refill_inactive_zone: the active list scanned by its own count in every round; an
    /// unmapped page is deactivated, a mapped one only once reclaim_mapped holds and then only if
    /// it was not referenced.
    /// </summary>
    RefillInactiveZone,

    /// <summary>
    /// The split LRU's shrink_active_list (2.6.28 to 2.6.30): the file active list scanned by its
    /// count in every round, every file page deactivated (its ptes' young bits read and cleared).
    /// </summary>
    SplitLru,

    /// <summary>
    /// From 2.6.31: the file active list is scanned only while the inactive list is low
    /// (inactive_file_is_low: smaller than the active one; inactive_list_is_low and
    /// inactive_is_low from 4.10 with a ratio of 1 below a gigabyte), every file page deactivated
    /// but for referenced executable ones (the model maps nothing executable).
    /// </summary>
    InactiveIsLow,
}
