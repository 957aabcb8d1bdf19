using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_position_ratio's strictlimit shortcut is for fewer than 8 dirty pages of the device's own,
/// "if (dtc-&gt;wb_dirty &lt; 8)" [R]: at 8 the device is held to its own cubic. thresh 1,000, bg 500,
/// 950 dirty: the global cubic is 803 (<see cref="StrictlimitFewDirtyTests"/>); the device's
/// wb_thresh 40, wb_bg_thresh 20 (3.19 works it out as 40 x 500 / 1,000): its setpoint is the
/// freerun ceiling 30, and 8 dirty is far under it, its cubic clamped at 2,048; the lower, 803.
/// (Under 8, twice the global cubic: 1,606.)
/// </summary>
public sealed class StrictlimitEightDirtyTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_strictlimit_device_with_eight_dirty_pages_takes_the_lower_of_the_two_cubics(KernelEra era)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var wb = new BdiWriteback { WbDirty = 8, AvgWriteBandwidth = 100, Strictlimit = true };

        Assert.Equal(803UL, throttle.WbPositionRatio(wb, 1_000, 500, 950, 40, 20, 1_000));
    }
}
