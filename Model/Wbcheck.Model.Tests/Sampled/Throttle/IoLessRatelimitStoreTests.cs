using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// bdi_update_dirty_ratelimit of 3.18 (through bdi_update_bandwidth, a dirtier's estimate)
/// ends with "bdi-&gt;dirty_ratelimit = max(dirty_ratelimit, 1UL)": the stepped rate is the
/// disk's from then on.
/// </summary>
public sealed class IoLessRatelimitStoreTests
{
    [Fact]
    public void A_dirtier_s_estimate_steps_a_rate_of_1_up_to_2()
    {
        // 100 pages: thresholds 40 and 10, global_dirty_limit 40, so the freerun ceiling is 25
        // and the setpoint (25 + 40) / 2 = 32. The estimate at jiffy 50, 50 jiffies after the
        // last (over BANDWIDTH_INTERVAL, under a second), at 28 dirty pages, all the disk's,
        // with a share of 0 and nothing dirtied since the stamp. The global pos_ratio:
        // x = (32 - 28) << 10 / (40 - 32 | 1) = 455, 1024 + 455^3 >> 20 = 1113; the disk's
        // factor: its share is raised to (40 - 28) / 8 = 1, x = 65,536 / 41 = 1,598, setpoint
        // 32 x 1,598 >> 16 = 0, span (40 - 1 + 8 x 25,600) x 1,598 >> 16 = 4,994, so the
        // factor is (4,994 - 28) / (4,994 + 1), just under 1: pos_ratio about 1,106.
        // dirty_ratelimit 1: task_ratelimit 1 x 1,106 >> 10 = 1, + 1 = 2. dirty_rate 0, so
        // the balanced rate is far above. 28 is under the setpoint: x = min3(INIT_BW,
        // balanced, 2) = 2, step 2 - 1 = 1, "step >>= 1 / 3" leaves 1, (1 + 7) / 8 = 1, and 1
        // is under the balanced rate: 1 + 1 = 2, stored.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        world.Throttle.Bdi.DirtyRatelimit = 1;
        world.Kernel.Timers.Advance(50);

        world.Throttle.BdiUpdateBandwidth(40, 10, 28, 0, 0, 28, 50);

        Assert.Equal(2UL, world.Throttle.Bdi.DirtyRatelimit);
        Assert.Equal(50L, world.Throttle.Bdi.BwTimeStamp);
    }
}
