using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// wb_position_ratio (mm/page-writeback.c, 4.13 on) of a strictlimit disk: "if (wb_setpoint ==
/// 0 || wb_setpoint == wb_thresh) return;" with dtc-&gt;pos_ratio still the 0 it was set to on
/// entry. A disk whose background threshold equals its threshold has its freerun ceiling, its
/// setpoint, at the threshold: no room for the disk's own cubic, and the ratio is 0, whatever
/// the global one (1,244 for the global figures of ThrottleSurvivorTests' strictlimit case).
/// </summary>
public sealed class StrictlimitSetpointTests
{
    [Fact]
    public void A_strictlimit_disk_whose_setpoint_is_its_threshold_gets_a_ratio_of_0()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V4_13, Faults.None);
        var wb = new BdiWriteback { Strictlimit = true, WbDirty = 60 };

        Assert.Equal(0UL, throttle.WbPositionRatio(wb, 1_000, 500, 800, 100, 100, 1_000));
        Assert.Equal(1_024UL, throttle.WbPositionRatio(wb, 1_000, 500, 800, 100, 20, 1_000)); // setpoint 60: the disk's own cubic
    }
}
