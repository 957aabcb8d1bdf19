using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 6.9's wb_update_write_bandwidth moves avg_write_bandwidth toward the old estimate only when
/// both point the same way: down "if (avg &gt; old &amp;&amp; old &gt;= bw)", up "if (avg &lt; old &amp;&amp; old &lt;=
/// bw)". An average below the old estimate while the new one falls stays where it is.
/// </summary>
public sealed class WriteBandwidthAverageBelowTests
{
    [Fact]
    public void An_average_below_the_old_estimate_stays_while_the_new_one_falls()
    {
        // HZ 100: period 512. At jiffy 50, nothing written: bw = (0 + 25,600 x (512 - 50)) >> 9
        // = 23,100. avg 20,000 is below old 25,600 (INIT_BW), which is above 23,100: neither
        // step applies, avg stays 20,000.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        world.Throttle.Bdi.AvgWriteBandwidth = 20_000;
        world.Kernel.Timers.Advance(50);

        world.Run(() => world.Throttle.WbUpdateBandwidth());

        Assert.Equal((23_100UL, 20_000UL), (world.Throttle.Bdi.WriteBandwidth, world.Throttle.Bdi.AvgWriteBandwidth));
    }
}
