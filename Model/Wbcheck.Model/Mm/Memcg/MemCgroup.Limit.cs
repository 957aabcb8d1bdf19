using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// The memcg's hard limit, as the charge meets it (docs/memcg-reclaim.md): with
/// <see cref="HardLimit"/> every page-cache page added to one of its mappings is charged against
/// <see cref="MemoryMax"/> (<see cref="Memcontrol.TryCharge"/>), and a charge over it reclaims
/// from the memcg's own pages (<see cref="Vmscan.TryToFreeMemCgroupPages"/>).
/// </summary>
public sealed partial class MemCgroup
{
    private List<string>? oomKills;
    private long failcnt;
    private long stocked;

    /// <summary>
    /// The ceiling is memory.max (memory.limit_in_bytes on cgroup v1), which every page-cache page
    /// of the memcg is charged against. Without it (the default) the ceiling is memory.high,
    /// which only the dirty throttle reads: its reclaim on return to user space is not modelled,
    /// and no charge fails on it. The memcgs of the throttle's scenarios and properties are so.
    /// Refused on an era without the memory controller (<see cref="EraSettings.MemcgLimit"/>).
    /// </summary>
    public bool HardLimit { get; init; }

    /// <summary>
    /// The memcg is on cgroup v2 (the default hierarchy, cgroup_on_dfl); false: cgroup v1, whose
    /// limit reclaim waits on writeback where v2's does not
    /// (<see cref="MemcgEras.MemcgReclaimOnDefaultHierarchyIsSane"/>). Before 4.2 every memcg
    /// reclaim behaves as v1's.
    /// </summary>
    public bool OnDefaultHierarchy { get; init; } = true;

    /// <summary>
    /// page_counter_read(&amp;memcg-&gt;memory): the pages charged, here every cached page of its
    /// mappings and the pages charged ahead of use into the cpu's stock (<see cref="Stocked"/>),
    /// so from 2.6.33 usage can be more than the memcg's pages.
    /// </summary>
    [Models("include/linux/page_counter.h", "page_counter_read", "4.19")]
    [Models("mm/memcontrol.c", "struct mem_cgroup (res: its res_counter usage)", "2.6.29")]
    public long Usage
    {
        get
        {
            var usage = Stocked;
            foreach (var mapping in mappings)
            {
                var tree = mapping.Pages;
                for (var index = tree.FindNext(0, long.MaxValue, XaMark.None); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.None))
                {
                    usage++;
                }
            }

            return usage;
        }
    }

    /// <summary>
    /// Whether <paramref name="nrPages"/> more pages fit under the limit (page_counter_try_charge;
    /// res_counter_charge in 2.6.x): a refusal counts in <see cref="Failcnt"/>, a batch's as a
    /// page's. The charge itself is the page added to a mapping or the stock refilled
    /// (<see cref="Memcontrol.TryChargeCounter"/>): usage is counted, not kept. A memcg without
    /// <see cref="HardLimit"/> takes every page.
    /// </summary>
    [Models("mm/page_counter.c", "page_counter_try_charge", "4.19")]
    [Models("kernel/res_counter.c", "res_counter_charge", "2.6.29")]
    public bool PageCounterTryCharge(long nrPages)
    {
        if (!HardLimit)
        {
            return true;
        }

        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
        if (Usage + nrPages <= MemoryMax)
        {
            return true;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        failcnt++;
        return false;
    }

    /// <summary>The pages charged to this memcg that wait in a cpu's stock (<see cref="MemcgStockPcp"/>), unused.</summary>
    public long Stocked
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return stocked;
        }

        internal set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            stocked = value;
        }
    }

    /// <summary>mem_cgroup_margin(memcg) &gt;= 1: what try_charge looks at after a reclaim, counting nothing.</summary>
    [Models("mm/memcontrol.c", "mem_cgroup_margin", "4.19")]
    public bool HasMarginForOnePage()
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
        return !HardLimit || Usage + 1 <= MemoryMax;
    }

    /// <summary>The charges the limit refused (memory.failcnt of cgroup v1; memory.events' max of v2 counts the same).</summary>
    public long Failcnt
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return failcnt;
        }
    }

    /// <summary>The tasks the memcg OOM killer killed for a charge of this memcg (memory.events' oom_kill), by name, in order.</summary>
    public IReadOnlyList<string> OomKills => oomKills ?? [];

    internal void RecordOomKill(string task) => (oomKills ??= []).Add(task);
}
