using Wbcheck.Model.Tests.Throttle;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// __bdi_update_bandwidth (3.18) skips a quiet spell: "Skip quiet periods when disk bandwidth is
/// under-utilized. (at least 1s idle time between two flusher runs)", "if (elapsed &gt; HZ &amp;&amp;
/// time_before(bdi-&gt;bw_time_stamp, start_time)) goto snapshot;". An estimate exactly one second
/// after the last is no quiet spell: it is taken. One jiffy more and it is skipped (only the
/// stamps move).
/// </summary>
public sealed class BandwidthOneSecondTests
{
    [Theory]
    [InlineData(100, 20_600UL)]
    [InlineData(101, 25_600UL)]
    public void An_estimate_exactly_a_second_after_the_last_is_taken(int elapsed, ulong writeBandwidth)
    {
        // The flusher's estimate (thresh 0), begun after the last stamp (jiffy 0). HZ 100: period
        // = roundup_pow_of_two(300) = 512; nothing written: bw = 25,600 (INIT_BW) x (512 - 100)
        // >> 9 = 20,600. Skipped, write_bandwidth stays INIT_BW.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        world.Kernel.Timers.Advance(elapsed);

        world.Throttle.BdiUpdateBandwidth(0, 0, 0, 0, 0, 0, elapsed);

        Assert.Equal(writeBandwidth, world.Throttle.Bdi.WriteBandwidth);
        Assert.Equal((long)elapsed, world.Throttle.Bdi.BwTimeStamp);
        Assert.Equal(100, Timers.Hz);
    }
}
