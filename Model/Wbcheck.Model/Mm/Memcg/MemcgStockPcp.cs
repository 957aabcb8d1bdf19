using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// The per-cpu charge stock (struct memcg_stock_pcp, from cdec2e4265df "memcg: coalesce charging
/// via percpu storage", 2.6.33): pages charged to one memcg's counter ahead of use, which that
/// memcg's next charges on the cpu take without touching the counter. The model has one cpu for
/// it, so one stock a kernel (<see cref="Kernel.MemcgStock"/>). Its pages count in the memcg's
/// usage (<see cref="MemCgroup.Usage"/>, through <see cref="MemCgroup.Stocked"/>) until a page
/// takes them or a drain gives them back.
/// </summary>
[Models("mm/memcontrol.c", "struct memcg_stock_pcp", "2.6.36")]
[Models("mm/memcontrol.c", "struct memcg_stock_pcp (cached, nr_pages)", "6.9")]
public sealed class MemcgStockPcp
{
    private MemCgroup? cached;
    private long nrPages;

    /// <summary>stock-&gt;cached: the memcg whose charges the stock holds; null when drained.</summary>
    public MemCgroup? Cached
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return cached;
        }
    }

    /// <summary>stock-&gt;nr_pages: how many pages are charged to <see cref="Cached"/> and not yet used.</summary>
    public long NrPages
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return nrPages;
        }
    }

    /// <summary>
    /// consume_stock: take <paramref name="pages"/> of <paramref name="memcg"/>'s stocked charge;
    /// false when the stock holds another memcg's or too few.
    /// </summary>
    [Models("mm/memcontrol.c", "consume_stock", "2.6.36")]
    [Models("mm/memcontrol.c", "consume_stock (nr_pages)", "6.9")]
    internal bool Consume(MemCgroup memcg, long pages)
    {
        if (Cached != memcg || NrPages < pages)
        {
            return false;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        nrPages -= pages;
        memcg.Stocked -= pages;
        return true;
    }

    /// <summary>
    /// refill_stock: keep <paramref name="pages"/> charged to <paramref name="memcg"/> for later;
    /// a stock holding another memcg's is drained first (its pages go back to that memcg).
    /// </summary>
    [Models("mm/memcontrol.c", "refill_stock", "2.6.36")]
    [Models("mm/memcontrol.c", "__refill_stock", "6.9")]
    internal void Refill(MemCgroup memcg, long pages)
    {
        if (Cached != memcg)
        {
            Drain();
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        cached = memcg;
        nrPages += pages;
        memcg.Stocked += pages;
    }

    /// <summary>drain_stock: give the stocked pages back to their memcg's counter (uncharge them) and forget it.</summary>
    [Models("mm/memcontrol.c", "drain_stock", "2.6.36")]
    [Models("mm/memcontrol.c", "drain_stock", "6.9")]
    internal void Drain()
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        if (cached is not null)
        {
            cached.Stocked -= nrPages; // page_counter_uncharge
        }

        cached = null;
        nrPages = 0;
    }

    public override string ToString() => cached is null ? "memcg stock (empty)" : $"memcg stock ({nrPages} page(s) of {cached.Name})";
}
