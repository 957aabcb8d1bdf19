using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_position_ratio (bdi_position_ratio in 3.18) of a strictlimit device with fewer than 8 dirty
/// pages of its own: "if (dtc->wb_dirty &lt; 8) { dtc->pos_ratio = min_t(long long, pos_ratio * 2,
/// 2 &lt;&lt; RATELIMIT_CALC_SHIFT); return; }", twice the global cubic, at most 2.0, so that a
/// device that is nearly clean is never slowed by its own (tiny) share.
/// </summary>
public sealed class StrictlimitFewDirtyTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_strictlimit_device_with_few_dirty_pages_gets_twice_the_global_ratio_at_most_two(KernelEra era)
    {
        // thresh 1,000, bg 500: freerun 750, limit 1,000, setpoint 875. At 950 dirty the cubic is
        // x = (-75 << 10) / 125 = -614, 1,024 + ((-614 x -614 >> 10) x -614 >> 10) = 1,024 - 221 =
        // 803, doubled 1,606; at 800 dirty it is 1,024 + 220 = 1,244, doubled past 2,048, so 2,048.
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var wb = new BdiWriteback { WbDirty = 4, AvgWriteBandwidth = 100, Strictlimit = true };

        var over = throttle.WbPositionRatio(wb, 1_000, 500, 950, 40, 20, 1_000);
        var under = throttle.WbPositionRatio(wb, 1_000, 500, 800, 40, 20, 1_000);

        Assert.Equal(803, throttle.PosRatioPolynom(875, 950, 1_000));
        Assert.Equal((1_606UL, 2_048UL), (over, under));
    }
}
