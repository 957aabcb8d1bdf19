using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_position_ratio (4.19) of a disk without strictlimit, its reserve area: under half its
/// wb_thresh the ratio is raised so the queue does not run dry, "if (wb_dirty &gt; x_intercept /
/// 8) pos_ratio = div_u64(pos_ratio * x_intercept, wb_dirty); else pos_ratio *= 8;": a disk with
/// almost nothing dirty gets eight times the ratio of its control line.
/// </summary>
public sealed class PositionRatioReserveTests
{
    [Theory]
    [InlineData(5UL, 14_776UL)]
    [InlineData(6UL, 14_720UL)]
    public void A_disk_with_at_most_an_eighth_of_its_reserve_dirty_gets_eight_times_its_ratio(ulong wbDirty, ulong expected)
    {
        // PositionRatioQuarterTests' machine: the cubic 1,244, wb_setpoint 87, span 169,
        // x_intercept 256. The control line: 5 dirty, 1,244 x 251 / 169 = 1,847; 6 dirty,
        // 1,244 x 250 / 169 = 1,840. The reserve area's x_intercept is wb_thresh / 2 = 50, and
        // 50 / 8 = 6: neither 5 nor 6 is over it, so x 8: 14,776 and 14,720.
        var throttle = new PageWritebackThrottle(KernelEra.V4_13, Faults.None);
        var wb = new BdiWriteback { WbDirty = wbDirty, AvgWriteBandwidth = 100 };

        Assert.Equal(expected, throttle.WbPositionRatio(wb, 1_000, 500, 800, 100, 50, 1_000));
    }
}
