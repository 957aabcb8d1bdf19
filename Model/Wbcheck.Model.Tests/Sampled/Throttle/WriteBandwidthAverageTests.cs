using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// bdi_update_write_bandwidth of 3.18 smooths the estimate twice: write_bandwidth is the new
/// interval's rate averaged into the old over a period of roundup_pow_of_two(3 * HZ) jiffies;
/// avg_write_bandwidth then moves an eighth of its distance to the old estimate, down when it is
/// above the old and the old is not below the new ("if (avg &gt; old &amp;&amp; old &gt;= bw) avg -= (avg -
/// old) &gt;&gt; 3").
/// </summary>
public sealed class WriteBandwidthAverageTests
{
    [Fact]
    public void A_quiet_interval_moves_the_average_an_eighth_of_the_way_down()
    {
        // HZ 100: period = roundup_pow_of_two(300) = 512. The flusher's estimate (thresh 0) at
        // jiffy 50, 50 jiffies after the stamp (not under BANDWIDTH_INTERVAL's 20, not over a
        // second), nothing written: bw = (0 x HZ + 25,600 x (512 - 50)) >> 9 = 11,827,200 / 512
        // = 23,100. avg 26,400 is above old 25,600 (INIT_BW), which is not below 23,100: avg -=
        // (26,400 - 25,600) >> 3 = 100, so 26,300.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        world.Throttle.Bdi.AvgWriteBandwidth = 26_400;
        world.Kernel.Timers.Advance(50);

        world.Throttle.BdiUpdateBandwidth(0, 0, 0, 0, 0, 0, 50);

        Assert.Equal((23_100UL, 26_300UL), (world.Throttle.Bdi.WriteBandwidth, world.Throttle.Bdi.AvgWriteBandwidth));
    }
}
