using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
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

        var gdtc = new DirtyThrottleControl();
        DomainDirtyLimitsNow(gdtc, task, (ulong)(NrReclaimable() + Vmstat.NrWriteback));
        var mdtc = new DirtyThrottleControl { Memcg = task.Memcg };
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

        var gdtc = new DirtyThrottleControl();
        DomainDirtyLimitsNow(gdtc, task, (ulong)(NrReclaimable() + Vmstat.NrWriteback));
        WbDirtyLimitsNow(gdtc, task);
        return gdtc;
    }

    /// <summary>
    /// wb_over_bg_thresh's memcg test (4.2, from the 4.13 era): background writeout goes on
    /// while a memcg whose task dirtied through the throttle has more dirty pages (writeback
    /// ignored, "as we're trying to decide whether to put more under writeback") than its
    /// domain's background threshold, or than its wb's share of it. Without it a memcg dirtier
    /// held at its memcg's hard limit would wait for ever once the machine as a whole is under
    /// its background threshold. An abstraction: the model's flusher writes every inode, where
    /// the kernel's memcg wb writes the memcg's.
    /// </summary>
    [Models("mm/page-writeback.c", "wb_over_bg_thresh (the memcg domain)", "4.19")]
    [Models("mm/page-writeback.c", "wb_over_bg_thresh (the memcg domain)", "6.9")]
    private bool MemcgOverBgThresh()
    {
        if (!RunsDtcLoop || Faults.MemcgDomainIgnored)
        {
            return false;
        }

        foreach (var memcg in tasks.Values.Select(t => t.Memcg).OfType<MemCgroup>().Distinct())
        {
            var global = GlobalDirtyLimitsNow(TaskStruct.Ordinary);
            var stats = memcg.WbStats();
            var avail = Arithmetic.MdtcCalcAvail(stats.FilePages, stats.Headroom, stats.Dirty, global.Avail, (ulong)NrReclaimable());
            var background = Arithmetic.MemcgDomainDirtyLimits(avail, global.Avail, SettingsNow(), TaskStruct.Ordinary, Bdi.GlobalDirtyLimit).Background;
            if (stats.Dirty > background || stats.Dirty > Arithmetic.WbCalcThresh(WbNow(stats.Dirty), background))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>bdi_stat_error / wb_stat_error: the dirty pages under which a zero-rate throttle lets a task go.</summary>
    public long StatError => BdiStatError();
}
