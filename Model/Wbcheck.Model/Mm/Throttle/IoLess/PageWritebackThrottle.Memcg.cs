using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>
    /// A memory cgroup's dirtyable memory (4.2, cgroup writeback): its own file pages, plus as
    /// much of its headroom (what it may still charge before memory.max / memory.high) as there
    /// is clean memory elsewhere in the machine. Every difference is clamped at zero as the
    /// kernel's min() does; the sum wraps as unsigned long.
    /// </summary>
    [Models("mm/page-writeback.c", "mdtc_calc_avail", "4.19")]
    [Models("mm/page-writeback.c", "mdtc_calc_avail", "6.9")]
    public ulong MdtcCalcAvail(ulong filepages, ulong headroom, ulong mdtcDirty, ulong gdtcAvail, ulong gdtcDirty)
    {
        RefuseBeforeMemcgDomain("mdtc_calc_avail");
        var clean = filepages - Math.Min(filepages, mdtcDirty);
        var globalClean = gdtcAvail - Math.Min(gdtcAvail, gdtcDirty);
        var otherClean = globalClean - Math.Min(globalClean, clean);
        return filepages + Math.Min(headroom, otherClean);
    }

    /// <summary>
    /// domain_dirty_limits for a memcg domain (its gdtc set): the byte sysctls cannot apply to a
    /// memcg, so each becomes a ratio in 1/PAGE_SIZE steps against the global dirtyable memory
    /// (DIV_ROUND_UP(bytes, global_avail), at most PAGE_SIZE); then the ratios of the memcg's
    /// own dirtyable memory, the background level kept below the dirty one, and the global
    /// domain's boost (a quarter more plus 1/32 of the global dirty_limit: a real-time task, and
    /// until 5.7 a PF_LESS_THROTTLE one, as <see cref="GlobalDirtyLimits"/>).
    /// global_avail is global_dirtyable_memory, never 0 (its + 1).
    /// </summary>
    [Models("mm/page-writeback.c", "domain_dirty_limits", "4.19")]
    [Models("mm/page-writeback.c", "domain_dirty_limits", "6.9")]
    public GlobalDirtyThresholds MemcgDomainDirtyLimits(ulong avail, ulong globalAvail, ThrottleSettings settings, TaskStruct task, ulong globalDomainDirtyLimit)
    {
        RefuseBeforeMemcgDomain("domain_dirty_limits (memcg)");
        var ratio = settings.DirtyRatio * PageSize / 100;
        var backgroundRatio = settings.DirtyBackgroundRatio * PageSize / 100;
        if (settings.DirtyBytes != 0)
        {
            ratio = Math.Min(Math64.DivRoundUp(settings.DirtyBytes, Guard(globalAvail)), PageSize);
        }

        if (settings.DirtyBackgroundBytes != 0)
        {
            backgroundRatio = Math.Min(Math64.DivRoundUp(settings.DirtyBackgroundBytes, Guard(globalAvail)), PageSize);
        }

        var dirty = ratio * avail / PageSize;
        var background = backgroundRatio * avail / PageSize;
        if (background >= dirty && !faults.NoBackgroundBelowDirtyClamp)
        {
            background = dirty / 2;
        }

        if ((task.RealTime || (task.LessThrottle && Era.Before(KernelEra.V6_9))) && !faults.ThrottleBoostForgotten)
        {
            background += (background / 4) + (globalDomainDirtyLimit / 32);
            dirty += (dirty / 4) + (globalDomainDirtyLimit / 32);
        }

        return new GlobalDirtyThresholds(avail, background, dirty);

        static ulong Guard(ulong divisor) => divisor != 0
            ? divisor
            : throw new KernelArithmeticException("domain_dirty_limits", "DIV_ROUND_UP(bytes, global_avail) divides by zero: global_avail is 0");
    }

    private void RefuseBeforeMemcgDomain(string function)
    {
        if (Era.Before(KernelEra.V4_13))
        {
            throw new InvalidOperationException($"{function}: the memcg wb_domain is from 4.2 (cgroup writeback); the {Era.Info().Version} era throttles by the global domain only");
        }
    }
}
