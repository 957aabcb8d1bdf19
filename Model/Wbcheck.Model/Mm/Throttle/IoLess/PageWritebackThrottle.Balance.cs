using Wbcheck.Model.Citations;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>
    /// One pass of the I/O-less balance_dirty_pages (3.2 on): work out the thresholds (a
    /// strictlimit device is judged by its own); under the freerun ceiling let the task go and
    /// set when it looks next; else the device's share, the position ratio, the re-estimated
    /// dirty ratelimit, and the pause that makes the task dirty at ratelimit x position ratio:
    /// its period less the time it spent since its last pause, none if under min_pause (the time
    /// is credited to its next period), at most max_pause, and max_pause outright if its rate is 0.
    /// The task never writes back itself: the flusher does, woken here.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages", "3.18")]
    [Models("mm/page-writeback.c", "balance_dirty_pages", "4.19")]
    public ThrottlePass BalanceDirtyPagesPass(ThrottlePassInput input)
    {
        if (Era.Before(KernelEra.V3_19))
        {
            throw new InvalidOperationException($"the I/O-less balance_dirty_pages is from 3.2; {Era.Info().Version} throttles by writing back itself");
        }

        var wb = input.Wb;
        var global = GlobalDirtyLimits(input.Memory, input.Settings, input.Task, input.DomainDirtyLimit);
        ulong dirty, thresh, bgThresh, wbThresh = 0, wbBgThresh = 0;
        if (wb.Strictlimit)
        {
            (wbThresh, wbBgThresh) = WbDirtyLimits(wb, global.Dirty, global.Background, wantBackground: true);
            (dirty, thresh, bgThresh) = (wb.WbDirty, wbThresh, wbBgThresh);
        }
        else
        {
            (dirty, thresh, bgThresh) = (input.NrDirty, global.Dirty, global.Background);
        }

        if (dirty <= DirtyFreerunCeiling(thresh, bgThresh))
        {
            return new ThrottlePass { Global = global, WbThresh = wbThresh, WbBgThresh = wbBgThresh, Freerun = true, NrDirtiedPause = (long)DirtyPollInterval(dirty, thresh) };
        }

        if (!wb.Strictlimit)
        {
            // 4.19's wb_dirty_limits always works out the background share; 3.19's only for strictlimit.
            (wbThresh, wbBgThresh) = WbDirtyLimits(wb, global.Dirty, global.Background, wantBackground: Era.AtLeast(KernelEra.V4_13));
        }

        var dirtyExceeded = wb.WbDirty > wbThresh && (input.NrDirty > global.Dirty || wb.Strictlimit);
        var posRatio = WbPositionRatio(wb, global.Dirty, global.Background, input.NrDirty, wbThresh, wbBgThresh, input.DomainDirtyLimit);
        var (dirtyRatelimit, _) = WbUpdateDirtyRatelimit(wb, global.Dirty, global.Background, input.NrDirty, wbThresh, wbBgThresh, posRatio, input.DomainDirtyLimit, input.Dirtied, input.Elapsed);
        var taskRatelimit = (dirtyRatelimit * posRatio) >> RatelimitCalcShift;
        var maxPause = WbMaxPause(wb, wb.WbDirty);
        var (minPause, nrDirtiedPause) = WbMinPause(wb, dirtyRatelimit, maxPause, taskRatelimit, dirtyRatelimit);
        var pass = new ThrottlePass
        {
            Global = global,
            WbThresh = wbThresh,
            WbBgThresh = wbBgThresh,
            DirtyExceeded = dirtyExceeded,
            PosRatio = posRatio,
            DirtyRatelimit = dirtyRatelimit,
            TaskRatelimit = taskRatelimit,
            MaxPause = maxPause,
            MinPause = minPause,
            NrDirtiedPause = nrDirtiedPause,
        };
        if (taskRatelimit == 0)
        {
            return pass with { Period = maxPause, Pause = maxPause };
        }

        var period = (long)((ulong)Timers.Hz * input.PagesDirtied / taskRatelimit);
        var pause = period;
        if (input.Think is { } think)
        {
            pause -= (long)think;
        }

        if (pause < minPause)
        {
            return pass with { Period = period, Pause = 0 };
        }

        return pass with { Period = period, Pause = faults.PauseNotCappedAtMaxPause ? pause : Math.Min(pause, maxPause) };
    }
}
