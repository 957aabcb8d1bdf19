using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 6.9's wb_bandwidth_estimate_start (do_writepages, 5.15's "spiky workload" fix): the estimate
/// restarts from now only after an idle spell strictly longer than WB_BANDWIDTH_IDLE_JIF (HZ)
/// with no inode under writeback ("if (elapsed &gt; WB_BANDWIDTH_IDLE_JIF &amp;&amp; ...)").
/// </summary>
public sealed class BandwidthIdleRestartTests
{
    [Fact]
    public void The_estimate_restarts_after_more_than_a_second_idle_not_after_exactly_one()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var file = world.AddFile(dirty: 1);

        // HZ 100: at jiffy 100 a second has passed since the stamp 0, not more.
        world.Kernel.Timers.Advance(100);
        world.Run(() => world.Throttle.WbBandwidthEstimateStart(file.Mapping));
        Assert.Equal(0L, world.Throttle.Bdi.BwTimeStamp);

        world.Kernel.Timers.Advance(1);
        world.Run(() => world.Throttle.WbBandwidthEstimateStart(file.Mapping));
        Assert.Equal(101L, world.Throttle.Bdi.BwTimeStamp);
    }
}
