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
    /// The counter side of charging one page, before any reclaim: from 2.6.33 the cpu's stock
    /// first (consume_stock), then the counter for the era's batch
    /// (<see cref="MemcgEras.MemcgChargeBatch"/>), whose pages beyond this one go into the stock
    /// (refill_stock), and after the batch's refusal the counter again for the page alone ("if
    /// (batch &gt; nr_pages) { batch = nr_pages; goto retry; }", 2.6.36's CHARGE_RETRY with csize =
    /// PAGE_SIZE), each refusal counting in memory.failcnt. A 2.6.x dying task skips the counter
    /// (<see cref="SkipsTheCounter"/>; 2.6.36 looks after the stock). False when the page does
    /// not fit: the caller then runs a reclaim round (<see cref="TryCharge"/>), and its next try
    /// asks for the page alone.
    /// </summary>
    [Models("mm/memcontrol.c", "__mem_cgroup_try_charge (res_counter_charge of PAGE_SIZE)", "2.6.29")]
    [Models("mm/memcontrol.c", "__mem_cgroup_try_charge (consume_stock; CHARGE_RETRY: csize = PAGE_SIZE)", "2.6.36")]
    [Models("mm/memcontrol.c", "__mem_cgroup_do_charge (res_counter_charge of csize)", "2.6.36")]
    [Models("mm/memcontrol.c", "try_charge (consume_stock; batch = nr_pages; done_restock)", "4.19")]
    [Models("mm/memcontrol.c", "try_charge_memcg (consume_stock; batch = nr_pages; done_restock)", "6.9")]
    public static bool TryChargeCounter(Kernel kernel, MemCgroup memcg, MemcgCharge charge)
    {
        var era = kernel.Era;
        var stock = kernel.MemcgStock;
        if (era.MemcgChargeBatch() > 1 && stock.Consume(memcg, 1))
        {
            return true;
        }

        if (SkipsTheCounter(kernel))
        {
            return true;
        }

        while (true)
        {
            var batch = charge.Batch ??= era.MemcgChargeBatch();
            if (memcg.PageCounterTryCharge(batch))
            {
                if (batch > 1)
                {
                    stock.Refill(memcg, batch - 1);
                }

                return true;
            }

            if (batch == 1)
            {
                return false;
            }

            // The batch does not fit: ask for the page alone, at once, without reclaim. The
            // stock, looked at again first, is still empty of this memcg's pages on one cpu.
            charge.Batch = 1;
        }
    }

    /// <summary>
    /// One round of a charge that did not fit (<see cref="TryChargeCounter"/> failed):
    /// reclaim from <paramref name="memcg"/> with <paramref name="gfp"/>, then say whether the
    /// charge is to be tried again (0: the caller looks again, and charges if the page fits, or
    /// comes back for another round) or has failed (-ENOMEM, which the page-cache insertion
    /// returns). In try_charge's order: a dying charger is let over the limit where the era
    /// allows it (<see cref="MemcgEras.MemcgDyingChargerBypassesLimit"/>; 2.6.x looked before
    /// the counter, <see cref="SkipsTheCounter"/>); a round after which the page fits goes again;
    /// the first round that leaves the memcg full drains the per-cpu stocks and goes again
    /// (<see cref="MemcgEras.MemcgChargeDrainsStockOnce"/>; the model's one stock holds none of
    /// the memcg's pages by then, or the charge would have taken one, so the drain frees nothing
    /// and the round is one more refused charge and reclaim); a round that freed pages goes again; otherwise one of the era's
    /// retries is used (<see cref="MemcgEras.MemcgReclaimRetries"/>), and with none left the
    /// memcg OOM path (<see cref="MemCgroupOom"/>), unless a 6.x charger that has passed it once
    /// is dying (<see cref="MemcgEras.MemcgChargeFailsDyingChargerAfterOom"/>). The retry is the
    /// caller's, from the top of its page-cache lookup, as for the page allocator
    /// (<see cref="PageAlloc.AllocPagesDirectReclaim"/>): try_charge's own "goto retry" takes
    /// the counter again at once. Not modelled: the stocks of other cpus (the model has one),
    /// 2.6.33 to 2.6.37's asynchronous drain of every stock from inside the hierarchical reclaim,
    /// __GFP_NORETRY, __GFP_RETRY_MAYFAIL and __GFP_NOFAIL (page-cache charges pass none), the
    /// memcg hierarchy (one level), PF_EXITING.
    /// </summary>
    [Models("mm/memcontrol.c", "__mem_cgroup_try_charge", "2.6.29")]
    [Models("mm/memcontrol.c", "try_charge", "3.18")]
    [Models("mm/memcontrol.c", "try_charge", "4.19")]
    [Models("mm/memcontrol.c", "try_charge_memcg", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public static async ValueTask<int> TryCharge(Kernel kernel, MemCgroup memcg, Gfp gfp, MemcgCharge charge)
    {
        var era = kernel.Era;

        // 3.17 to 5.15 look after the counter refused the page (2.6.x looked before it, and a
        // dying task never reaches here there).
        if (era.MemcgDyingChargerBypassesLimit() && TaskIsDying(kernel))
        {
            charge.OverLimit = true;
            return 0;
        }

        var nrReclaimed = await kernel.Vmscan.TryToFreeMemCgroupPages(memcg, gfp);
        if (memcg.HasMarginForOnePage())
        {
            return 0;
        }

        if (era.MemcgChargeDrainsStockOnce() && !charge.Drained)
        {
            DrainAllStock(kernel, memcg);
            charge.Drained = true;
            return 0;
        }

        if (nrReclaimed > 0)
        {
            return 0;
        }

        if (charge.NrRetries < era.MemcgReclaimRetries())
        {
            charge.NrRetries++;
            return 0;
        }

        // "Avoid endless loop for tasks bypassed by the oom killer."
        if (era.MemcgChargeFailsDyingChargerAfterOom() && charge.PassedOom && TaskIsDying(kernel))
        {
            return Errno.ENOMEM;
        }

        return await MemCgroupOom(kernel, memcg, charge);
    }

    /// <summary>
    /// drain_all_stock(memcg): every cpu's stock that holds <paramref name="memcg"/>'s charges
    /// gives them back (drain_all_stock_async in 3.x). The model has one cpu.
    /// </summary>
    [Models("mm/memcontrol.c", "drain_all_stock", "4.19")]
    [Models("mm/memcontrol.c", "drain_all_stock", "6.9")]
    private static void DrainAllStock(Kernel kernel, MemCgroup memcg)
    {
        if (kernel.MemcgStock.Cached == memcg)
        {
            kernel.MemcgStock.Drain();
        }
    }

    /// <summary>
    /// Whether the running task's charge skips the counter altogether (2.6.x: a dying task, "Don't
    /// account this!"; <see cref="MemcgEras.MemcgDyingChargerBypassesBeforeTheCounter"/>): the
    /// page is added uncharged, which the model counts as a charge over the limit.
    /// </summary>
    [Models("mm/memcontrol.c", "__mem_cgroup_try_charge (TIF_MEMDIE: bypass)", "2.6.29")]
    public static bool SkipsTheCounter(Kernel kernel) =>
        kernel.Era.MemcgDyingChargerBypassesBeforeTheCounter() && TaskIsDying(kernel);

    /// <summary>
    /// The memcg is still full after every retry. Where the era's charge path calls the OOM
    /// killer (<see cref="MemcgEras.MemcgChargeInvokesOomKiller"/>) it runs out_of_memory on the
    /// memcg (<see cref="OomKill.OutOfMemory"/>): the victim is the charger (the model's tasks
    /// own no memory that tells them apart, as for the global OOM killer), which gets TIF_MEMDIE
    /// and SIGKILL, recorded on the memcg; a victim of the memcg still exiting makes it kill
    /// nobody. Then 2.6.29 fails the charge; 2.6.36 and 4.19 on try it again with the retries
    /// renewed (<see cref="MemcgEras.MemcgOomRetriesTheCharge"/>), where the charger, now dying,
    /// is let over the limit (2.6.36 to 5.x) or, in 6.x, reclaims a full set of retries before
    /// its charge fails. 3.12 to 4.18 (the model's 3.19 to 4.17 eras) return -ENOMEM with nobody
    /// killed: the OOM is left to the end of a user page fault, and a page-cache charge from
    /// write(2) or from a filesystem is not one. Not modelled: 2.6.3x's wait on the memcg OOM
    /// wait queue by a charger that finds the memcg OOM locked by another (what 3.12 removed):
    /// the model's memcg OOM has no scheduling point inside. 2.6.36's retry by a charger that is
    /// not dying (the OOM killer killed nobody: a victim still exits) is preceded by
    /// schedule_timeout(1) in TASK_RUNNING, a yield (<see cref="MemcgEras.MemcgOomYieldsBeforeRetry"/>).
    /// </summary>
    [Models("mm/memcontrol.c", "mem_cgroup_out_of_memory", "2.6.29")]
    [Models("mm/memcontrol.c", "mem_cgroup_handle_oom", "2.6.36")]
    [Models("mm/memcontrol.c", "mem_cgroup_oom (current->memcg_oom: user faults only)", "3.18")]
    [Models("mm/memcontrol.c", "mem_cgroup_oom (OOM_SUCCESS: retry)", "4.19")]
    [Models("mm/memcontrol.c", "mem_cgroup_oom (passed_oom)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private static async ValueTask<int> MemCgroupOom(Kernel kernel, MemCgroup memcg, MemcgCharge charge)
    {
        var era = kernel.Era;
        if (!era.MemcgChargeInvokesOomKiller())
        {
            return Errno.ENOMEM;
        }

        if (kernel.Runtime.CurrentOrNull() is null)
        {
            throw new UnmodelledPathException("mem_cgroup_out_of_memory",
                $"a charge to memcg {memcg.Name} outside any task reached the memcg OOM killer (a set-up cannot be killed): raise the memcg's limit");
        }

        kernel.PageAlloc.Oom.OutOfMemory($"a page charged to memcg {memcg.Name}", memcg);
        if (!era.MemcgOomRetriesTheCharge())
        {
            return Errno.ENOMEM;
        }

        if (era.MemcgOomYieldsBeforeRetry() && !TaskIsDying(kernel))
        {
            // "Give chance to dying process": schedule_timeout(1) after finish_wait, in
            // TASK_RUNNING, so no jiffy passes; other tasks (the victim) may run.
            await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("schedule_timeout", 1));
        }

        charge.NrRetries = 0;
        charge.PassedOom = true;
        return 0;
    }

    /// <summary>
    /// task_is_dying() (should_force_charge before 5.16; 2.6.x's TIF_MEMDIE look): the running
    /// task is an OOM victim or has a fatal signal pending, the same thing in the model, whose
    /// only signal is the OOM killer's SIGKILL. PF_EXITING is not modelled.
    /// </summary>
    [Models("mm/memcontrol.c", "task_is_dying", "6.9")]
    [Models("mm/memcontrol.c", "should_force_charge", "5.0")]
    private static bool TaskIsDying(Kernel kernel) => kernel.PageAlloc.FatalSignalPending;
}
