using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_position_ratio (bdi_position_ratio to 4.1) of a disk without strictlimit whose own share
/// is tiny: "It's very possible that bdi_thresh is close to 0 not because the device is slow, but
/// that it has remained inactive for long time. Honour such devices a reasonable good (hopefully
/// IO efficient) threshold": "wb_thresh = max(wb_thresh, (limit - dirty) / 8)" [V], before the
/// share is scaled into the device's setpoint and span. A share of 10 pages with 200 pages of room
/// under the limit is taken as 25.
/// </summary>
public sealed class PositionRatioIdleShareTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_share_under_an_eighth_of_the_room_left_is_raised_to_it(KernelEra era)
    {
        // thresh 1,000, bg 500, 800 dirty: the cubic is 1,244 (PositionRatioQuarterTests). wb_thresh
        // 10 is raised to (1,000 - 800) / 8 = 25: x = (25 << 16) / 1,001 = 1,636, wb_setpoint =
        // 875 x 1,636 >> 16 = 21, span = (1,000 - 25 + 8 x 100) x 1,636 >> 16 = 44, x_intercept
        // 65. 30 dirty is under 65 - 44 / 4 = 54: 1,244 x (65 - 30) / (44 | 1) = 967. Not in the
        // reserve area (30 is not under 25 / 2). (At 22, a ninth, it would be 893.)
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var wb = new BdiWriteback { WbDirty = 30, AvgWriteBandwidth = 100 };

        Assert.Equal(967UL, throttle.WbPositionRatio(wb, 1_000, 500, 800, 10, 5, 1_000));
    }
}
