using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>
    /// f(dirty) = 1 + ((setpoint - dirty) / (limit - setpoint))^3 in 1/1024 steps, clamped to
    /// [0, 2]: 2 at the freerun ceiling, 1 at the setpoint, 0 at the limit. The divisor is or-ed
    /// with 1 and divided in 64 bits (5b9b357435a5, 3.16; before it the 32-bit truncation of
    /// limit - setpoint + 1 could divide by zero), so it cannot be zero in the eras modelled.
    /// </summary>
    [Models("mm/page-writeback.c", "pos_ratio_polynom", "4.19")]
    public long PosRatioPolynom(ulong setpoint, ulong dirty, ulong limit)
    {
        var x = Math64.Div64S64(((long)setpoint - (long)dirty) << RatelimitCalcShift, (long)((limit - setpoint) | 1), "pos_ratio_polynom", "(limit - setpoint) | 1");
        var posRatio = x;
        posRatio = (posRatio * x) >> RatelimitCalcShift;
        posRatio = (posRatio * x) >> RatelimitCalcShift;
        posRatio += 1L << RatelimitCalcShift;
        return Math.Clamp(posRatio, 0, 2L << RatelimitCalcShift);
    }

    /// <summary>
    /// The dirty position control ratio: the global cubic around the setpoint midway between the
    /// freerun ceiling and the limit, then scaled by where the device stands against its share.
    /// A strictlimit device is held to its own thresholds and takes the lower of the global and
    /// its own cubic; otherwise a linear control line through the device's setpoint (never below
    /// a quarter), and a reserve area that raises the ratio when the device has few dirty pages.
    /// 3.19's bdi_position_ratio works out the device's background threshold itself, by a
    /// division with no guard at all; from 4.2 it is the one <see cref="WbDirtyLimits"/> computed.
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_position_ratio", "3.18")]
    [Models("mm/page-writeback.c", "wb_position_ratio", "4.19")]
    public ulong WbPositionRatio(BdiWriteback wb, ulong thresh, ulong bgThresh, ulong dirty, ulong wbThresh, ulong wbBgThresh, ulong domainDirtyLimit)
    {
        var function = Era.Before(KernelEra.V4_13) ? "bdi_position_ratio" : "wb_position_ratio";
        var writeBw = wb.AvgWriteBandwidth;
        var wbDirty = wb.WbDirty;
        var freerun = DirtyFreerunCeiling(thresh, bgThresh);
        var limit = HardDirtyLimit(domainDirtyLimit, thresh);
        if (dirty >= limit)
        {
            return 0;
        }

        var setpoint = (freerun + limit) / 2;
        var posRatio = PosRatioPolynom(setpoint, dirty, limit);
        if (wb.Strictlimit)
        {
            if (wbDirty < 8)
            {
                return (ulong)Math.Min(posRatio * 2, 2L << RatelimitCalcShift);
            }

            if (wbDirty >= wbThresh)
            {
                return 0;
            }

            if (Era.Before(KernelEra.V4_13))
            {
                wbBgThresh = Math64.DivU64(wbThresh * bgThresh, thresh, function, "thresh");
            }

            var wbSetpoint = DirtyFreerunCeiling(wbThresh, wbBgThresh);
            if (wbSetpoint == 0 || wbSetpoint == wbThresh)
            {
                return 0;
            }

            return (ulong)Math.Min(posRatio, PosRatioPolynom(wbSetpoint, wbDirty, wbThresh));
        }

        if (wbThresh > thresh)
        {
            wbThresh = thresh;
        }

        // A device idle for long has a share near zero; give it room so occasional writes pass.
        wbThresh = Math.Max(wbThresh, (limit - dirty) / 8);
        var x = Math64.DivU64(wbThresh << 16, thresh | 1, function, "thresh | 1");
        var wbSetpointScaled = (setpoint * x) >> 16;
        var span = ((thresh - wbThresh + (8 * writeBw)) * x) >> 16;
        var xIntercept = wbSetpointScaled + span;
        var ratio = (ulong)posRatio;
        ratio = wbDirty < xIntercept - (span / 4)
            ? Math64.Div64U64(ratio * (xIntercept - wbDirty), (xIntercept - wbSetpointScaled) | 1, function, "(x_intercept - wb_setpoint) | 1")
            : ratio / 4;

        // The reserve area: keep the device's queue from running dry.
        xIntercept = wbThresh / 2;
        if (wbDirty < xIntercept)
        {
            ratio = wbDirty > xIntercept / 8
                ? Math64.DivU64(ratio * xIntercept, wbDirty, function, "wb_dirty")
                : ratio * 8;
        }

        return ratio;
    }
}
