using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// mm/memcontrol.c's charge of a page-cache page over its memcg's limit: reclaim from the memcg,
/// retry, and the memcg OOM path when the retries run out (docs/memcg-reclaim.md).
/// </summary>
public static class Memcontrol
{
    /// <summary>
    /// One round of a charge that did not fit (<see cref="MemCgroup.TryChargePage"/> failed):
    /// reclaim from <paramref name="memcg"/> with <paramref name="gfp"/>, then say whether the
    /// charge is to be tried again (0: the caller looks again, and charges if the page fits, or
    /// comes back for another round) or has failed (-ENOMEM, which the page-cache insertion
    /// returns). A round that freed pages, or after which the page fits, does not count as a retry;
    /// otherwise one of the era's retries is used (<see cref="MemcgEras.MemcgReclaimRetries"/>),
    /// and with none left the memcg OOM path ends the charge (<see cref="MemCgroupOom"/>). The
    /// retry is the caller's, from the top of its page-cache lookup, as for the page allocator
    /// (<see cref="PageAlloc.AllocPagesDirectReclaim"/>): try_charge's own "goto retry" takes the
    /// counter again at once. Not modelled: drain_all_stock (no per-cpu stock), __GFP_NORETRY
    /// and __GFP_NOFAIL (page-cache charges pass neither), the memcg hierarchy (one level).
    /// </summary>
    [Models("mm/memcontrol.c", "__mem_cgroup_try_charge", "2.6.29")]
    [Models("mm/memcontrol.c", "__mem_cgroup_try_charge", "3.18")]
    [Models("mm/memcontrol.c", "try_charge", "4.19")]
    [Models("mm/memcontrol.c", "try_charge_memcg", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public static async ValueTask<int> TryCharge(Kernel kernel, MemCgroup memcg, Gfp gfp, MemcgCharge charge)
    {
        var era = kernel.Era;
        var nrReclaimed = await kernel.Vmscan.TryToFreeMemCgroupPages(memcg, gfp);
        if (memcg.HasMarginForOnePage() || nrReclaimed > 0)
        {
            return 0;
        }

        if (charge.NrRetries < era.MemcgReclaimRetries())
        {
            charge.NrRetries++;
            return 0;
        }

        return MemCgroupOom(kernel, memcg, charge);
    }

    /// <summary>
    /// The memcg is still full after every retry. Where the era's charge path calls the OOM
    /// killer (<see cref="MemcgEras.MemcgChargeInvokesOomKiller"/>), it kills in the memcg: the
    /// victim is the charger (the model's tasks own no memory that tells them apart, as for the
    /// global OOM killer, <see cref="OomKill"/>), recorded on the memcg; the SIGKILL itself is not
    /// delivered (what the victim does next is the charge's end, below, and the scenarios end
    /// there). Where the era lets the victim charge over the limit
    /// (<see cref="MemcgEras.MemcgOomVictimChargesOverLimit"/>) the charge succeeds; otherwise
    /// -ENOMEM. 3.12 to 4.18 (the model's 3.19 to 4.17 eras) return -ENOMEM with nobody killed: the
    /// OOM is left to the end of a user page fault, and a page-cache charge from write(2) or from a
    /// filesystem is not one. Not modelled: 2.6.3x's mem_cgroup_handle_oom, where a charger that
    /// finds the memcg OOM locked by another sleeps on its wait queue with its callstack's locks
    /// held (what 3.12 removed): the model's memcg OOM has one charger at a time.
    /// </summary>
    [Models("mm/memcontrol.c", "mem_cgroup_out_of_memory", "2.6.29")]
    [Models("mm/memcontrol.c", "mem_cgroup_handle_oom", "2.6.36")]
    [Models("mm/memcontrol.c", "mem_cgroup_oom (current->memcg_oom: user faults only)", "3.18")]
    [Models("mm/memcontrol.c", "mem_cgroup_oom", "4.19")]
    [Models("mm/memcontrol.c", "mem_cgroup_oom", "6.9")]
    private static int MemCgroupOom(Kernel kernel, MemCgroup memcg, MemcgCharge charge)
    {
        var era = kernel.Era;
        if (!era.MemcgChargeInvokesOomKiller())
        {
            return Errno.ENOMEM;
        }

        var current = CurrentTask(kernel) ?? throw new UnmodelledPathException("mem_cgroup_out_of_memory",
            $"a charge to memcg {memcg.Name} outside any task reached the memcg OOM killer (a set-up cannot be killed): raise the memcg's limit");
        memcg.RecordOomKill(current);
        if (era.MemcgOomVictimChargesOverLimit())
        {
            charge.OverLimit = true;
            return 0;
        }

        return Errno.ENOMEM;
    }

    private static string? CurrentTask(Kernel kernel) => kernel.Runtime.CurrentOrNull()?.Name;
}
