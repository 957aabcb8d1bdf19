using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>
    /// The device's share of <paramref name="thresh"/>: the share left after every device's
    /// minimum, split by recent writeout completions, plus its own minimum, capped at its maximum.
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_dirty_limit", "3.18")]
    [Models("mm/page-writeback.c", "__wb_calc_thresh", "4.19")]
    public ulong WbCalcThresh(BdiWriteback wb, ulong thresh)
    {
        const string Function = "__wb_calc_thresh";
        var wbThresh = thresh * (100 - wb.SumMinRatio) / 100;
        wbThresh *= wb.Numerator;
        wbThresh = Math64.Div64U64(wbThresh, wb.Denominator, Function, "the completions denominator");
        wbThresh += thresh * wb.MinRatio / 100;
        var maxThresh = thresh * wb.MaxRatio / 100;
        return wbThresh > maxThresh ? maxThresh : wbThresh;
    }

    /// <summary>
    /// The device's dirty and background thresholds. The background one is the device's
    /// threshold scaled as the global background is to the global dirty threshold, guarded
    /// against a zero threshold (f6789593d5ce, 3.17: dirty_thresh can be 0 under memory
    /// pressure). The guard tests the whole unsigned long, but div_u64 divides by its low 32
    /// bits: a threshold of 2^32 pages, from vm.dirty_bytes = 16 TiB, passes the guard and
    /// divides by zero, in 3.19 to 6.7. 6.8 divided in 64 bits ("mm/writeback: fix possible
    /// divide-by-zero in wb_dirty_limits(), again", CVE-2024-26720), which 6.10 reverted
    /// (30139c702048) when 385d838df280 kept every threshold within 32 bits instead; 6.9 has
    /// the 64-bit division.
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_dirty_limits", "3.18")]
    [Models("mm/page-writeback.c", "wb_dirty_limits", "4.19")]
    public (ulong WbThresh, ulong WbBgThresh) WbDirtyLimits(BdiWriteback wb, ulong thresh, ulong bgThresh, bool wantBackground)
    {
        var wbThresh = WbCalcThresh(wb, thresh);
        var wbBgThresh = wantBackground && (thresh != 0 || faults.WbDirtyLimitsWithoutZeroGuard)
            ? Era.AtLeast(KernelEra.V6_9)
                ? Math64.Div64U64(wbThresh * bgThresh, thresh, "wb_dirty_limits", "dtc->thresh")
                : Math64.DivU64(wbThresh * bgThresh, thresh, Era.Before(KernelEra.V4_13) ? "bdi_dirty_limits" : "wb_dirty_limits", Era.Before(KernelEra.V4_13) ? "dirty_thresh" : "dtc->thresh")
            : 0;
        return (wbThresh, wbBgThresh);
    }

    /// <summary>dirty_freerun_ceiling: below the midpoint of the two thresholds a dirtier is not throttled at all.</summary>
    [Models("mm/page-writeback.c", "dirty_freerun_ceiling", "4.19")]
    public ulong DirtyFreerunCeiling(ulong thresh, ulong bgThresh) => (thresh + bgThresh) / 2;

    /// <summary>hard_dirty_limit: the higher of the threshold and the domain's slowly following dirty_limit.</summary>
    [Models("mm/page-writeback.c", "hard_dirty_limit", "4.19")]
    public ulong HardDirtyLimit(ulong domainDirtyLimit, ulong thresh) => Math.Max(thresh, domainDirtyLimit);
}
