using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>The lowest the dirty ratio could go until 2.6.37 (4cbec4c8b9 removed the floor).</summary>
    private const ulong DirtyRatioFloor = 5;

    /// <summary>
    /// The background and dirty thresholds, in pages, for <paramref name="task"/>: dirty_bytes
    /// (rounded up to pages) where set, else the ratio of dirtyable memory; the background level
    /// kept below the dirty level (halved when not); a real-time task, and until 5.7 a
    /// PF_LESS_THROTTLE one (nfsd), gets a quarter more. Era by Era:
    /// <list type="bullet">
    /// <item>2.6.29 (get_dirty_limits) and 2.6.36 (global_dirty_limits): dirty_ratio is never below 5%.</item>
    /// <item>3.19: no floor (2.6.37).</item>
    /// <item>4.13 to 5.0: domain_dirty_limits, ratios in 1/PAGE_SIZE steps, and the boost adds
    /// 1/32 of the domain's dirty_limit (<paramref name="domainDirtyLimit"/>) to both levels.</item>
    /// <item>6.9: only real-time tasks get the boost.</item>
    /// </list>
    /// Until 6.10 (385d838df280) nothing keeps a threshold within 32 bits.
    /// </summary>
    [Models("mm/page-writeback.c", "get_dirty_limits", "2.6.29")]
    [Models("mm/page-writeback.c", "global_dirty_limits", "2.6.36")]
    [Models("mm/page-writeback.c", "global_dirty_limits", "3.18")]
    [Models("mm/page-writeback.c", "domain_dirty_limits", "4.19")]
    public GlobalDirtyThresholds GlobalDirtyLimits(MemoryCounters memory, ThrottleSettings settings, TaskStruct task, ulong domainDirtyLimit)
    {
        var availableMemory = GlobalDirtyableMemory(memory, settings);
        ulong dirty, background;
        if (Era.Before(KernelEra.V4_13))
        {
            if (settings.DirtyBytes != 0)
            {
                dirty = Math64.DivRoundUp(settings.DirtyBytes, PageSize);
            }
            else
            {
                var dirtyRatio = settings.DirtyRatio;
                if (Era.Before(KernelEra.V3_19) && dirtyRatio < DirtyRatioFloor && !faults.NoDirtyRatioFloor)
                {
                    dirtyRatio = DirtyRatioFloor;
                }

                dirty = dirtyRatio * availableMemory / 100;
            }

            background = settings.DirtyBackgroundBytes != 0
                ? Math64.DivRoundUp(settings.DirtyBackgroundBytes, PageSize)
                : settings.DirtyBackgroundRatio * availableMemory / 100;
            if (background >= dirty && !faults.NoBackgroundBelowDirtyClamp)
            {
                background = dirty / 2;
            }

            if ((task.LessThrottle || task.RealTime) && !faults.ThrottleBoostForgotten)
            {
                background += background / 4;
                dirty += dirty / 4;
            }

            return new GlobalDirtyThresholds(availableMemory, background, dirty);
        }

        // Ratios in 1/PAGE_SIZE steps, for precision on machines where 1% is a lot of memory.
        var ratio = settings.DirtyRatio * PageSize / 100;
        var backgroundRatio = settings.DirtyBackgroundRatio * PageSize / 100;
        dirty = settings.DirtyBytes != 0 ? Math64.DivRoundUp(settings.DirtyBytes, PageSize) : ratio * availableMemory / PageSize;
        background = settings.DirtyBackgroundBytes != 0 ? Math64.DivRoundUp(settings.DirtyBackgroundBytes, PageSize) : backgroundRatio * availableMemory / PageSize;
        if (background >= dirty && !faults.NoBackgroundBelowDirtyClamp)
        {
            background = dirty / 2;
        }

        if ((task.RealTime || (task.LessThrottle && Era.Before(KernelEra.V6_9))) && !faults.ThrottleBoostForgotten)
        {
            background += (background / 4) + (domainDirtyLimit / 32);
            dirty += (dirty / 4) + (domainDirtyLimit / 32);
        }

        return new GlobalDirtyThresholds(availableMemory, background, dirty);
    }
}
