using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The per-zone (3.3 to 4.7) and per-node (4.8 on) dirty limits the page allocator asks before
/// it gives a buffered write a page there (<see cref="PageAlloc"/>): a zone's or node's share of
/// vm.dirty_ratio, taken of its own dirtyable memory. The counters are the running model's,
/// counted from the page cache: a zone's file LRU is its cached pages, its dirty and writeback
/// pages are those with PG_dirty and PG_writeback (NR_FILE_DIRTY and NR_WRITEBACK count a page
/// that is both in each), its anonymous pages the machine's NR_ANON_PAGES shared out by zone
/// size, the rest free. The reserves are the allocator's (dirty_balance_reserve, totalreserve_pages:
/// zero on the model's machine without watermarks); no vm.dirty_bytes (the model sets none), as
/// for the global limits.
/// </summary>
public sealed partial class DirtyThrottle
{
    /// <summary>
    /// The pages of <paramref name="zone"/> the page cache could dirty: free (less the zone's
    /// dirty_balance_reserve, never below zero: a804552b9a15, 3.14) plus its file LRU. No highmem
    /// exception: "a highmem zone can hold its share of dirty pages" (3.3's comment). The reserve
    /// is the zone's lowmem_reserve plus its high watermark (calculate_totalreserve_pages).
    /// </summary>
    [Models("mm/page-writeback.c", "zone_dirtyable_memory", "3.18")]
    public ulong ZoneDirtyableMemory(Zone zone)
    {
        var (free, fileLru, _) = ZoneCounters(zone);
        var dirtyBalanceReserve = (ulong)zone.ReservePages;
        return free - Math.Min(free, dirtyBalanceReserve) + fileLru;
    }

    /// <summary>
    /// The most dirty pages <paramref name="zone"/> may hold: vm_dirty_ratio of its dirtyable
    /// memory, a quarter more for PF_LESS_THROTTLE and real-time tasks (<paramref name="task"/>,
    /// current unless given).
    /// </summary>
    [Models("mm/page-writeback.c", "zone_dirty_limit", "3.18")]
    public ShareLimit ZoneDirtyLimit(Zone zone, TaskStruct? task = null)
    {
        var memory = ZoneDirtyableMemory(zone);
        return new ShareLimit(memory, Boost((ulong)Sysctls.DirtyRatio * memory / 100, task ?? Current), ZoneCounters(zone).WritePending);
    }

    /// <summary>Whether <paramref name="zone"/>'s dirty and writeback pages are within its limit.</summary>
    [Models("mm/page-writeback.c", "zone_dirty_ok", "3.18")]
    public bool ZoneDirtyOk(Zone zone) => ZoneDirtyLimit(zone).Ok;

    /// <summary>
    /// The pages of node <paramref name="node"/> the page cache could dirty: its zones' free
    /// pages, high memory's included, less the node's totalreserve_pages (never below zero), plus
    /// the node's file LRU.
    /// </summary>
    [Models("mm/page-writeback.c", "node_dirtyable_memory", "4.19")]
    [Models("mm/page-writeback.c", "node_dirtyable_memory", "6.9")]
    public ulong NodeDirtyableMemory(int node)
    {
        ulong free = 0, fileLru = 0;
        foreach (var zone in kernel.PageAlloc.Zones.Where(z => z.Node == node))
        {
            var counters = ZoneCounters(zone);
            free += counters.Free;
            fileLru += counters.FileLru;
        }

        var totalreservePages = (ulong)kernel.PageAlloc.NodeTotalreservePages(node);
        return free - Math.Min(free, totalreservePages) + fileLru;
    }

    /// <summary>
    /// The most dirty pages node <paramref name="node"/> may hold: vm_dirty_ratio of its
    /// dirtyable memory, a quarter more for PF_LESS_THROTTLE (to 5.x) and real-time tasks
    /// (<paramref name="task"/>, current unless given).
    /// </summary>
    [Models("mm/page-writeback.c", "node_dirty_limit", "4.19")]
    [Models("mm/page-writeback.c", "node_dirty_limit", "6.9")]
    public ShareLimit NodeDirtyLimit(int node, TaskStruct? task = null)
    {
        var memory = NodeDirtyableMemory(node);
        ulong pending = 0;
        foreach (var zone in kernel.PageAlloc.Zones.Where(z => z.Node == node))
        {
            pending += ZoneCounters(zone).WritePending;
        }

        return new ShareLimit(memory, Boost((ulong)Sysctls.DirtyRatio * memory / 100, task ?? Current), pending);
    }

    /// <summary>Whether node <paramref name="node"/>'s dirty and writeback pages are within its limit.</summary>
    [Models("mm/page-writeback.c", "node_dirty_ok", "4.19")]
    [Models("mm/page-writeback.c", "node_dirty_ok", "6.9")]
    public bool NodeDirtyOk(int node) => NodeDirtyLimit(node).Ok;

    /// <summary>The limit the allocator asks of <paramref name="zone"/> (of its node, from 4.8) for <paramref name="task"/>'s pages.</summary>
    public ShareLimit DirtyShareLimit(Zone zone, TaskStruct task) => kernel.Era.DirtyLimitsPerNode() ? NodeDirtyLimit(zone.Node, task) : ZoneDirtyLimit(zone, task);

    private ulong Boost(ulong dirty, TaskStruct task) => task.RealTime || (task.LessThrottle && kernel.Era.Before(KernelEra.V6_9)) ? dirty + dirty / 4 : dirty;

    /// <summary>A zone's NR_FREE_PAGES, from the running model.</summary>
    internal ulong ZoneFreePages(Zone zone) => ZoneCounters(zone).Free;

    /// <summary>A zone's free pages, file LRU pages, and NR_FILE_DIRTY + NR_WRITEBACK, from the running model.</summary>
    internal (ulong Free, ulong FileLru, ulong WritePending) ZoneCounters(Zone zone)
    {
        ulong fileLru = 0, pending = 0;
        foreach (var page in kernel.CachedPages())
        {
            if (page.Zone == zone)
            {
                fileLru++;
                pending += (page.Dirty ? 1UL : 0) + (page.Writeback ? 1UL : 0);
            }
        }

        var anon = (ulong)(Vmstat.NrAnonPages * zone.ManagedPages / Machine.TotalPages);
        var managed = (ulong)zone.ManagedPages;
        return (managed - Math.Min(managed, fileLru + anon), fileLru, pending);
    }
}
