using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>Pages between looks at dirty memory while it is over the limit: few, so no CPU overshoots by much.</summary>
    private const long ExceededRatelimit = 8;

    /// <summary>The fewest pages between looks: fewer would make small machines look too often.</summary>
    private const long MinRatelimitPages = 16;

    /// <summary>
    /// The most pages between looks, four megabytes: a throttled task writes half as much again,
    /// and a larger chunk would keep it blocked on the queue all the time.
    /// </summary>
    private const long MaxRatelimitBytes = 4096 * 1024;

    /// <summary>2.5.31's RATELIMIT_PAGES: 512 KB of pages, whatever the machine (<see cref="ListEraThrottleEras.RatelimitIsFixed"/>).</summary>
    [Models("mm/page-writeback.c", "RATELIMIT_PAGES ((512 * 1024) / PAGE_SIZE)", "2.5.31")]
    [Models("mm/page-writeback.c", "SYNC_WRITEBACK_PAGES ((RATELIMIT_PAGES * 3) / 2)", "2.5.31")]
    private const long RatelimitPages2531 = (512 * 1024) / PageCacheSize;

    /// <summary>
    /// The least RATELIMIT_PAGES a 2.5.31 kernel had: 512 KB over the largest page any of its
    /// architectures built with, ia64's 64 KB (CONFIG_IA64_PAGE_SIZE_64KB), so 8. The list era has
    /// no floor of 16: that came with set_ratelimit (later writeback_set_ratelimit), which
    /// replaced the constant after 2.5.31 (docs/search.md, "What it finds, configuration included").
    /// </summary>
    [Models("mm/page-writeback.c", "RATELIMIT_PAGES ((512 * 1024) / PAGE_SIZE) with ia64's 64 KB pages", "2.5.31")]
    public const long LeastRatelimitPages2531 = (512 * 1024) / LargestPageSize2531;

    /// <summary>The largest PAGE_SIZE of 2.5.31's architectures: ia64 built with 64 KB pages (alpha and sparc64 had 8 KB, the rest 4 KB).</summary>
    private const long LargestPageSize2531 = 64 * 1024;

    /// <summary>
    /// balance_dirty_pages_ratelimited: one page newly dirtied. The era's throttle: from 3.19 the
    /// I/O-less one (per-task nr_dirtied against nr_dirtied_pause), before 2.6.20's per-CPU count.
    /// </summary>
    [Models("include/linux/writeback.h", "balance_dirty_pages_ratelimited", "2.6.20")]
    public ValueTask BalanceDirtyPagesRatelimited(AddressSpace mapping) =>
        IoLess ? BalanceDirtyPagesRatelimitedIoLess(mapping) : BalanceDirtyPagesRatelimitedNr(mapping, 1);

    /// <summary>
    /// A task has just dirtied <paramref name="nrPagesDirtied"/> pages of
    /// <paramref name="mapping"/>. Looking at the machine's dirty state is expensive on big
    /// machines, so each CPU counts pages and only every ratelimit pages does its task go into
    /// balance_dirty_pages; once dirty memory is over the limit the ratelimit drops to 8, so that
    /// no CPU overshoots the limit by a whole ratelimit_pages. The count is per CPU and updated
    /// with preemption disabled: one atomic step, no scheduling point inside.
    /// (The kernel's comment also says real-time tasks are not throttled here; 2.6.20's code does
    /// not exempt them, it only gives them more room in get_dirty_limits, and neither does the model.)
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages_ratelimited (ratelimits[cpu].count++ >= RATELIMIT_PAGES)", "2.5.31")]
    [Models("mm/page-writeback.c", "balance_dirty_pages_ratelimited_nr", "2.6.20", Fingerprint = "2a798d56a6bba244")]
    [Models("mm/page-writeback.c", "balance_dirty_pages_ratelimited_nr", "2.6.29")]
    [Models("mm/page-writeback.c", "balance_dirty_pages_ratelimited_nr", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask BalanceDirtyPagesRatelimitedNr(AddressSpace mapping, long nrPagesDirtied)
    {
        var ratelimit = DirtyExceeded ? ExceededRatelimit : RatelimitPages;
        var cpu = Current.Cpu;
        kernel.Runtime.EnterAtomic("preempt_disable");
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        // 2.5.31 tests the count as this page found it and bumps it after ("count++ >=
        // RATELIMIT_PAGES"): a look every RATELIMIT_PAGES + 1 pages. From 2.6.17's _nr form the
        // pages are added first, so the ratelimit-th page looks.
        bool due;
        if (kernel.Era.RatelimitTestsCountBeforeBump())
        {
            due = ratelimits[cpu] >= ratelimit;
            ratelimits[cpu] += nrPagesDirtied;
        }
        else
        {
            ratelimits[cpu] += nrPagesDirtied;
            due = ratelimits[cpu] >= ratelimit;
        }

        var dirtied = ratelimits[cpu];
        if (due)
        {
            ratelimits[cpu] = 0;
        }

        kernel.Runtime.ExitAtomic();
        if (!due)
        {
            return;
        }

        // The era's loop: 2.5.31's looks once and writes one chunk; 2.6.20's writes a chunk
        // against the global threshold; 2.6.29's and 2.6.36's against the disk's share, 2.6.36's
        // chunk sized by the pages just dirtied.
        if (kernel.Era.BalanceDirtyPagesLooksOnce())
        {
            await BalanceDirtyPagesV2531(mapping);
        }
        else if (kernel.Era.Is(KernelEra.V2_6_29))
        {
            await BalanceDirtyPagesV2629(mapping, SyncWritebackPages());
        }
        else if (kernel.Era.Is(KernelEra.V2_6_36))
        {
            await BalanceDirtyPagesV2636(mapping, SyncWritebackPages(dirtied));
        }
        else
        {
            await BalanceDirtyPages(mapping);
        }
    }

    /// <summary>
    /// 2.5.31 built with another RATELIMIT_PAGES: a compile-time constant there, as BIO_MAX_PAGES
    /// is, which the search's smaller configurations shrink to find a short cycle (the per-CPU
    /// count is part of the state, so a livelock's cycle spans a whole ratelimit; docs/search.md,
    /// "What bounds a cycle"). Only the list era: later eras size ratelimit_pages at boot
    /// (<see cref="WritebackSetRatelimit"/>).
    /// </summary>
    [Models("mm/page-writeback.c", "RATELIMIT_PAGES (another value built in)", "2.5.31")]
    public void BuildWithRatelimitPages(long pages)
    {
        if (!kernel.Era.RatelimitIsFixed())
        {
            throw new InvalidOperationException($"RATELIMIT_PAGES is a constant of the list era; {kernel.Era.Info().Version} sizes ratelimit_pages at boot (writeback_set_ratelimit)");
        }

        // 512 KB of pages: fewer than 8 would need pages larger than any architecture of the era had.
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, LeastRatelimitPages2531);

        RatelimitPages = pages;
    }

    /// <summary>
    /// Size ratelimit_pages for this machine. Too high, and many CPUs writing at once overload
    /// memory with dirty data before any of them looks; too low, and they look too often. So
    /// all CPUs together may overshoot the dirty threshold by at most 1/32 of memory, the
    /// "3%" the kernel promises, but never with fewer than 16 pages between looks nor more than
    /// four megabytes.
    /// </summary>
    [Models("mm/page-writeback.c", "writeback_set_ratelimit", "2.6.20", Fingerprint = "0be1f31aefac63c3")]
    public void WritebackSetRatelimit()
    {
        var cpus = Faults.RatelimitIgnoresCpus ? 1 : Machine.OnlineCpus;
        RatelimitPages = Machine.TotalPages / (cpus * 32L);
        if (RatelimitPages < MinRatelimitPages)
        {
            RatelimitPages = MinRatelimitPages;
        }

        if (RatelimitPages * PageCacheSize > MaxRatelimitBytes && !Faults.RatelimitNotCapped)
        {
            RatelimitPages = MaxRatelimitBytes / PageCacheSize;
        }
    }
}
