using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 6.9's wb_update_write_bandwidth ends with "keep avg &gt; 0 to guarantee that tot &gt; 0 if there
/// are dirty wbs": avg_write_bandwidth = max(avg, 1). A disk that wrote nothing for longer than
/// the period takes the interval's rate as its average, 0, and keeps 1: wb_min_max_ratio and the
/// pause arithmetic divide by it, or by a sum of such averages.
/// </summary>
public sealed class WriteBandwidthFloorTests
{
    [Fact]
    public void An_idle_disk_keeps_an_average_write_bandwidth_of_one()
    {
        // HZ 100: period = roundup_pow_of_two(300) = 512. At jiffy 600, 600 jiffies after the
        // stamp 0 (over the period), nothing written: bw = 0 x HZ / 600 = 0, and avg = bw = 0,
        // kept at 1.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        world.Kernel.Timers.Advance(600);

        world.Run(() => world.Throttle.WbUpdateBandwidth());

        Assert.Equal((600L, 0UL, 1UL), (world.Throttle.Bdi.BwTimeStamp, world.Throttle.Bdi.WriteBandwidth, world.Throttle.Bdi.AvgWriteBandwidth));
    }
}
