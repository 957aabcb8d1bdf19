using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 6.9's wb_update_write_bandwidth over an interval longer than the period (roundup_pow_of_two(3 *
/// HZ)) takes the interval's own rate, the pages written times HZ divided by the jiffies elapsed
/// ("if (unlikely(elapsed &gt; period)) { bw = div64_ul(bw, elapsed); avg = bw; goto out; }") [R],
/// as both estimates. <see cref="WriteBandwidthFloorTests"/> has such an interval with nothing
/// written, where the rate is 0 with or without the division.
/// </summary>
public sealed class WriteBandwidthLongIntervalTests
{
    [Fact]
    public void A_long_interval_takes_its_own_rate_as_both_estimates()
    {
        // HZ 100: period 512. At jiffy 600, 600 jiffies after the boot stamp, 6,000 pages written:
        // bw = 6,000 x 100 / 600 = 1,000 pages a second, and avg = bw.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        world.Vmstat.NrWritten = 6_000;
        world.Kernel.Timers.Advance(600);

        world.Run(() => world.Throttle.WbUpdateBandwidth());

        Assert.Equal((1_000UL, 1_000UL), (world.Throttle.Bdi.WriteBandwidth, world.Throttle.Bdi.AvgWriteBandwidth));
    }
}
