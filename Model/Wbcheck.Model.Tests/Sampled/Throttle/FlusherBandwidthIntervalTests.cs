using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The flusher's estimate after a pass (wb_writeback's wb_update_bandwidth, thresh 0) goes through
/// __bdi_update_bandwidth alone, which skips only a spell shorter than BANDWIDTH_INTERVAL
/// ("if (elapsed &lt; BANDWIDTH_INTERVAL) return;" [R]); a dirtier's bdi_update_bandwidth also skips
/// one of exactly that length (time_is_after_eq_jiffies). So the flusher's estimate exactly 20
/// jiffies (200 ms) after the last is taken: bw = 25,600 x (512 - 20) &gt;&gt; 9 = 24,600, stamped 20.
/// </summary>
public sealed class FlusherBandwidthIntervalTests
{
    [Fact]
    public void The_flusher_s_estimate_exactly_one_interval_after_the_last_is_taken()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        world.Kernel.Timers.Advance(20);

        world.Throttle.WbWritebackUpdateBandwidth(20);

        Assert.Equal((20L, 24_600UL), (world.Throttle.Bdi.BwTimeStamp, world.Throttle.Bdi.WriteBandwidth));
    }
}
