using Wbcheck.Model.Citations;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>
    /// Re-estimate the device's dirty_ratelimit (every BANDWIDTH_INTERVAL): the balanced rate is
    /// the task rate scaled by write bandwidth over the measured dirty rate, capped at the write
    /// bandwidth; dirty_ratelimit steps towards it only when the position error agrees, by an
    /// eighth of the distance, shrunk further near the target by a right shift of
    /// dirty_ratelimit / (2 * step + 1) bits. That shift count is unbounded: with no step (the
    /// common case) it is dirty_ratelimit itself. 3.19 shifts regardless, undefined in C for 64
    /// and more; by 4.19 the shift is taken only below BITS_PER_LONG, else the step is 0.
    /// Returns the new (dirty_ratelimit, balanced_dirty_ratelimit).
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_update_dirty_ratelimit", "3.18")]
    [Models("mm/page-writeback.c", "wb_update_dirty_ratelimit", "4.19")]
    public (ulong DirtyRatelimit, ulong BalancedDirtyRatelimit) WbUpdateDirtyRatelimit(
        BdiWriteback wb, ulong thresh, ulong bgThresh, ulong dirty, ulong wbThresh, ulong wbBgThresh, ulong posRatio, ulong domainDirtyLimit, ulong dirtied, ulong elapsed)
    {
        var function = Era.Before(KernelEra.V4_13) ? "bdi_update_dirty_ratelimit" : "wb_update_dirty_ratelimit";
        var freerun = DirtyFreerunCeiling(thresh, bgThresh);
        var limit = HardDirtyLimit(domainDirtyLimit, thresh);
        var setpoint = (freerun + limit) / 2;
        var writeBw = wb.AvgWriteBandwidth;
        var dirtyRatelimit = wb.DirtyRatelimit;
        var dirtyRate = Math64.Div64U64(dirtied * (ulong)Timers.Hz, elapsed, function, "elapsed");
        var taskRatelimit = (dirtyRatelimit * posRatio) >> RatelimitCalcShift;
        taskRatelimit++; // ramps dirty_ratelimit up from tiny values
        var balanced = Math64.DivU64(taskRatelimit * writeBw, dirtyRate | 1, function, "dirty_rate | 1");
        if (balanced > writeBw)
        {
            balanced = writeBw;
        }

        if (wb.Strictlimit)
        {
            dirty = wb.WbDirty;
            // 3.18 takes the disk's background share as bdi_dirty_limit(bdi, bg_thresh), its
            // share of the background threshold; 4.2 the dtc's wb_bg_thresh, scaled from wb_thresh.
            setpoint = wb.WbDirty < 8 ? wb.WbDirty + 1 : (wbThresh + (Era.Before(KernelEra.V4_13) ? WbCalcThresh(wb, bgThresh) : wbBgThresh)) / 2;
        }

        ulong step = 0;
        if (dirty < setpoint)
        {
            var x = Math.Min(Math.Min(wb.BalancedDirtyRatelimit, balanced), taskRatelimit);
            if (dirtyRatelimit < x)
            {
                step = x - dirtyRatelimit;
            }
        }
        else
        {
            var x = Math.Max(Math.Max(wb.BalancedDirtyRatelimit, balanced), taskRatelimit);
            if (dirtyRatelimit > x)
            {
                step = dirtyRatelimit - x;
            }
        }

        var shift = dirtyRatelimit / ((2 * step) + 1);
        if (Era.Before(KernelEra.V4_13))
        {
            step = Math64.ShiftRight(step, shift, function, "dirty_ratelimit / (2 * step + 1)");
            step = (step + 7) / 8;
        }
        else
        {
            step = shift < 64 ? Math64.DivRoundUp(step >> (int)shift, 8) : 0;
        }

        dirtyRatelimit = dirtyRatelimit < balanced ? dirtyRatelimit + step : dirtyRatelimit - step;
        return (Math.Max(dirtyRatelimit, 1), balanced);
    }
}
