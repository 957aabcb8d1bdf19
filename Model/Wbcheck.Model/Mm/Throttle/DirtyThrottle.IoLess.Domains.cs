using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// For checks: the memcg domain's thresholds for <paramref name="task"/> as a look of
    /// balance_dirty_pages would find them now (4.13 era on, a task in a memcg), and its dirty
    /// and writeback pages; null for a task in the root or an era without the memcg domain.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages (the memcg domain)", "4.19")]
    public DirtyThrottleControl? MemcgDomainNow(TaskStruct task)
    {
        if (!RunsDtcLoop || task.Memcg is null)
        {
            return null;
        }

        var wb = WbForCheck(task);
        var gdtc = new DirtyThrottleControl { Wb = wb };
        DomainDirtyLimitsNow(gdtc, task, (ulong)(NrReclaimable() + Vmstat.NrWriteback));
        var mdtc = new DirtyThrottleControl { Memcg = task.Memcg, Wb = wb };
        MemcgDomainDirtyLimitsNow(mdtc, gdtc, task);
        return mdtc;
    }

    /// <summary>
    /// For checks: a strictlimit disk's share of the global thresholds now (wb_dirty_limits over
    /// the global domain), with the dirty pages of <paramref name="task"/>'s bdi_writeback;
    /// null for an ordinary disk or an era before the I/O-less throttle.
    /// </summary>
    [Models("mm/page-writeback.c", "wb_dirty_limits", "4.19")]
    public DirtyThrottleControl? StrictlimitDomainNow(TaskStruct task)
    {
        if (!IoLess || !kernel.BackingDev.Strictlimit)
        {
            return null;
        }

        var gdtc = new DirtyThrottleControl { Wb = WbForCheck(task) };
        DomainDirtyLimitsNow(gdtc, task, (ulong)(NrReclaimable() + Vmstat.NrWriteback));
        WbDirtyLimitsNow(gdtc);
        return gdtc;
    }

    /// <summary>bdi_stat_error / wb_stat_error: the dirty pages under which a zero-rate throttle lets a task go.</summary>
    public long StatError => BdiStatError();
}
