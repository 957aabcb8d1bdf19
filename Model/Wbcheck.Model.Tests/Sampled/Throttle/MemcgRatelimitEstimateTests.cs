using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// __wb_update_bandwidth (4.19; 6.9 the same) of a memcg dirtier: after the global domain's
/// wb_update_dirty_ratelimit, "if (mdtc) { domain_update_bandwidth(mdtc, now);
/// wb_update_dirty_ratelimit(mdtc, dirtied, elapsed); }" [R]: the wb's dirty_ratelimit is moved
/// again from the memcg domain's position. A rate the global domain, under its setpoint, leaves
/// as it is comes down when the memcg is over its own.
/// </summary>
public sealed class MemcgRatelimitEstimateTests
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_memcg_over_its_setpoint_lowers_the_rate_the_global_domain_left(KernelEra era)
    {
        // 100 pages: global thresholds 10 and 40, so a setpoint of (25 + 40) / 2 = 32. The job (a
        // 50-page memcg) holds 17 dirty pages: thresholds 20 and 5 (avail 50), freerun ceiling
        // 12, setpoint 16. The wb's rate is 1,000 pages/s and it writes 20 a second, its last
        // estimate 21 jiffies ago, so the dirtier's first look estimates: balanced 20, below the
        // rate. wb_update_dirty_ratelimit moves the rate down only where dirty is over the
        // setpoint: the machine's 17 are under 32 (no step), the memcg's 17 over 16 (a step down).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        var memcg = new MemCgroup("job", 50);
        var file = world.AddFile(dirty: 17, memcg: memcg);
        var bw = world.Throttle.BwOf(memcg.Wb!);
        bw.BwTimeStamp = world.Jiffies - 21;
        bw.WriteBandwidth = 20;
        bw.AvgWriteBandwidth = 20;
        bw.DirtyRatelimit = 1000;
        var dd = new TaskStruct { Comm = "dd", Memcg = memcg };

        world.Run(async () => await world.Throttle.BalanceDirtyPagesDtc(file.Mapping, 1, BdpFlags.None), dd);

        Assert.Equal(20UL, bw.BalancedDirtyRatelimit);
        Assert.True(bw.DirtyRatelimit < 1000, $"the memcg domain's estimate did not lower the rate ({bw})");
    }
}
