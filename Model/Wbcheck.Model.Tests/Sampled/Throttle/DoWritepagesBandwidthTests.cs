using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// do_writepages (5.15 on, the 6.9 era): after -&gt;writepages, "if (time_is_before_jiffies(
/// READ_ONCE(wb-&gt;bw_time_stamp) + BANDWIDTH_INTERVAL)) wb_update_bandwidth(wb)" [R]: with
/// writeback going on all the time the estimate is taken by the pass that finds it due, not only
/// at writeback's completions.
/// </summary>
public sealed class DoWritepagesBandwidthTests
{
    [Fact]
    public void A_pass_that_finds_the_estimate_due_takes_it()
    {
        // Two of four dirty pages go under writeback and stay there (the disk is busy, so the
        // next pass does not restart the estimate as after an idle spell). Half a second later
        // (50 jiffies, BANDWIDTH_INTERVAL is 20) the next pass writes the other two and, due,
        // takes the estimate: bw_time_stamp is the pass's end.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var inode = world.AddFile(dirty: 4);
        world.StartWriteback(inode, 2);
        var bw = world.Throttle.BwOf(null);
        var before = bw.BwTimeStamp;
        world.Kernel.Timers.Advance(50);

        world.StartWriteback(inode, 2);

        Assert.True(world.Jiffies >= before + 50);
        Assert.Equal(world.Jiffies, bw.BwTimeStamp);
    }
}
