using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The last step of bdi_update_dirty_ratelimit (3.18) and wb_update_dirty_ratelimit (4.19): the
/// step towards the target is an eighth of the distance rounded up, (step + 7) / 8 in 3.18,
/// DIV_ROUND_UP(step, 8) from 4.6. So a distance of 1 moves the rate by 1 (not 0) and a distance
/// of 8 moves it by 1 (not 2). The states: thresholds 1,000 and 500 (freerun 750, limit 1,000,
/// setpoint 875), 900 dirty, over the setpoint, so the rate may only come down, to
/// max(balanced_dirty_ratelimit, balanced, task_ratelimit). A position ratio of 100/1024 makes
/// task_ratelimit (rate x 100) >> 10, plus one, = 1 for a rate under 11; a write bandwidth of 1
/// page a second against a dirty rate of 100 (20 pages in 20 jiffies at HZ 100) makes balanced
/// 1 x 1 / 101 = 0; the device's balanced_dirty_ratelimit is 1. The target is 1. The shift
/// rate / (2 x step + 1) is 0 for both (2 / 3 and 9 / 17), so the step is the whole distance
/// before the rounding.
/// </summary>
public sealed class RatelimitStepRoundingTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, 2UL, 1UL)]
    [InlineData(KernelEra.V3_19, 9UL, 8UL)]
    [InlineData(KernelEra.V4_20, 2UL, 1UL)]
    [InlineData(KernelEra.V4_20, 9UL, 8UL)]
    public void The_step_is_an_eighth_of_the_distance_rounded_up(KernelEra era, ulong rate, ulong expected)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var wb = new BdiWriteback { WbDirty = 900, AvgWriteBandwidth = 1, DirtyRatelimit = rate, BalancedDirtyRatelimit = 1 };

        var result = throttle.WbUpdateDirtyRatelimit(wb, 1_000, 500, 900, 1_000, 500, 100, 1_000, 20, 20);

        Assert.Equal((expected, 0UL), result);
    }
}
