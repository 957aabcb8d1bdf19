using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_writeback of 3.2 to 5.13 ends each pass with wb_update_bandwidth (the write bandwidth
/// alone, thresh 0), so background writeout keeps the disk's estimate current with no dirtier
/// looking: the estimate is stamped with the pass's end.
/// </summary>
public sealed class FlusherBandwidthTests
{
    [Fact]
    public void A_background_pass_takes_the_write_bandwidth_estimate()
    {
        // 3.19 era, at jiffy 50 (50 jiffies after the stamp 0: not under BANDWIDTH_INTERVAL, not
        // over a second) a background writeout of at least 5 pages writes the file's 5 in one
        // pass. __bdi_update_bandwidth: period 512 (roundup_pow_of_two(3 x HZ), HZ 100); bw =
        // (written x 100 + 25,600 x 462) >> 9 = 23,100 whether 0 or 5 pages have completed (500
        // adds under one unit of 512), and bw_time_stamp = 50. Then nothing is dirty and the
        // minimum is met: the loop ends.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        world.AddFile(dirty: 5);
        world.Kernel.Timers.Advance(50);

        world.Run(() => world.Throttle.BackgroundWriteout(5));

        Assert.Equal((50L, 23_100UL), (world.Throttle.Bdi.BwTimeStamp, world.Throttle.Bdi.WriteBandwidth));
    }
}
