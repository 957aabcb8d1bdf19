using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_position_ratio of a strictlimit device at its own threshold: "if (dtc-&gt;wb_dirty &gt;=
/// wb_thresh) return;" with pos_ratio 0 [R]: the dirtier is stopped. Its own cubic would not be 0
/// there, the divisor being (wb_thresh - wb_setpoint) | 1: at 40 dirty of 40, setpoint 30,
/// x = (-10 &lt;&lt; 10) / 11 = -930, 1,024 + (-930)^3 / 2^20 = 257.
/// </summary>
public sealed class StrictlimitAtOwnThreshTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_strictlimit_device_at_its_own_threshold_gets_a_ratio_of_0(KernelEra era)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var wb = new BdiWriteback { WbDirty = 40, AvgWriteBandwidth = 100, Strictlimit = true };

        Assert.Equal(257L, throttle.PosRatioPolynom(30, 40, 40));
        Assert.Equal(0UL, throttle.WbPositionRatio(wb, 1_000, 500, 950, 40, 20, 1_000));
    }
}
