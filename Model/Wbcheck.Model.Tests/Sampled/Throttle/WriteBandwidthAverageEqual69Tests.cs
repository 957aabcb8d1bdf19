using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 6.9's wb_update_write_bandwidth, as 3.18's (<see cref="WriteBandwidthAverageEqualTests"/>):
/// avg_write_bandwidth moves an eighth of its distance down to the old estimate when it is above
/// it and the old estimate is not below the new one ("if (avg &gt; old &amp;&amp; old &gt;=
/// (unsigned long)bw) avg -= (avg - old) &gt;&gt; 3") [R]: an interval whose new estimate equals the old
/// one moves it too. 6.9's function is the model's own copy (over an unsigned elapsed, with the
/// floor of 1), so the 3.18 test does not reach it.
/// </summary>
public sealed class WriteBandwidthAverageEqual69Tests
{
    [Fact]
    public void An_interval_at_the_old_rate_moves_an_average_above_it_an_eighth_of_the_way_down()
    {
        // HZ 100: period = roundup_pow_of_two(300) = 512. At jiffy 50, 50 jiffies after the boot
        // stamp, 12,800 pages written: bw = (12,800 x 100 + 25,600 x (512 - 50)) >> 9 =
        // 13,107,200 / 512 = 25,600, the old estimate (INIT_BW) exactly. avg 26,400 is above it:
        // avg -= (26,400 - 25,600) >> 3 = 100, so 26,300.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        world.Throttle.Bdi.AvgWriteBandwidth = 26_400;
        world.Vmstat.NrWritten = 12_800;
        world.Kernel.Timers.Advance(50);

        world.Run(() => world.Throttle.WbUpdateBandwidth());

        Assert.Equal((25_600UL, 26_300UL), (world.Throttle.Bdi.WriteBandwidth, world.Throttle.Bdi.AvgWriteBandwidth));
    }

    [Fact]
    public void An_interval_at_the_old_rate_moves_an_average_below_it_an_eighth_of_the_way_up()
    {
        // The other side: "if (avg < old && old <= bw) avg += (old - avg) >> 3" [R]. The same
        // interval (bw = 25,600, the old estimate), avg 24,800 below it: avg += (25,600 - 24,800)
        // >> 3 = 100, so 24,900.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        world.Throttle.Bdi.AvgWriteBandwidth = 24_800;
        world.Vmstat.NrWritten = 12_800;
        world.Kernel.Timers.Advance(50);

        world.Run(() => world.Throttle.WbUpdateBandwidth());

        Assert.Equal((25_600UL, 24_900UL), (world.Throttle.Bdi.WriteBandwidth, world.Throttle.Bdi.AvgWriteBandwidth));
    }
}
