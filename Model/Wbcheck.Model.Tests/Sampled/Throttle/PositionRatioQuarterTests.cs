using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_position_ratio (mm/page-writeback.c, 4.19; bdi_position_ratio in 3.18) of a disk
/// without strictlimit: the global cubic is scaled by a control line through the disk's
/// setpoint, "if (likely(wb_dirty &lt; x_intercept - span / 4)) pos_ratio = div64_u64(pos_ratio
/// * (x_intercept - wb_dirty), (x_intercept - wb_setpoint) | 1); else pos_ratio /= 4;": a disk
/// far over its share is throttled to a quarter of the global ratio, never below.
/// </summary>
public sealed class PositionRatioQuarterTests
{
    [Theory]
    [InlineData(213UL, 316UL)]
    [InlineData(220UL, 311UL)]
    public void A_disk_past_three_quarters_of_its_span_gets_a_quarter_of_the_global_ratio(ulong wbDirty, ulong expected)
    {
        // Global: thresh 1,000, background 500, dirty 800, dirty_limit 1,000. freerun 750,
        // limit 1,000, setpoint 875; the cubic: x = (75 << 10) / (125 | 1) = 614,
        // 614 x 614 >> 10 = 368, 368 x 614 >> 10 = 220, + 1,024 = 1,244.
        // The disk: wb_thresh 100 (over (1,000 - 800) / 8 = 25), write bandwidth 100.
        // x = (100 << 16) / (1,000 | 1) = 6,547; wb_setpoint = 875 x 6,547 >> 16 = 87;
        // span = (1,000 - 100 + 8 x 100) x 6,547 >> 16 = 169; x_intercept = 256;
        // x_intercept - span / 4 = 256 - 42 = 214.
        // 213 < 214: 1,244 x (256 - 213) / (169 | 1) = 53,492 / 169 = 316.
        // 220 >= 214: 1,244 / 4 = 311.
        // Neither is under the reserve area's x_intercept, wb_thresh / 2 = 50.
        var throttle = new PageWritebackThrottle(KernelEra.V4_13, Faults.None);
        var wb = new BdiWriteback { WbDirty = wbDirty, AvgWriteBandwidth = 100 };

        Assert.Equal(expected, throttle.WbPositionRatio(wb, 1_000, 500, 800, 100, 50, 1_000));
    }
}
