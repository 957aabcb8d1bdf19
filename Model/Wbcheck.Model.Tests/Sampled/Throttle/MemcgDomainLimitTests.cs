using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// 6.9's __wb_update_bandwidth, for a dirtier in a memcg (update_ratelimit, mdtc set), moves the
/// memcg domain's dirty_limit after the global one (domain_update_dirty_limit(mdtc, now)), at
/// most once a BANDWIDTH_INTERVAL (20 jiffies) since its dirty_limit_tstamp, which it then sets.
/// update_dirty_limit follows a higher thresh in one step and a lower one by 1/32 of the gap to
/// max(thresh, dirty).
/// </summary>
public sealed class MemcgDomainLimitTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    [Fact]
    public void A_memcg_dirtier_s_estimate_moves_the_memcg_domain_s_limit_once_an_interval()
    {
        // The memcg made at jiffy 0: dirty_limit 0, stamp 0. Jiffy 30 (>= 0 + 20): thresh 100
        // is above the limit 0, so the limit is 100, stamp 30. Jiffy 40 (< 30 + 20): thresh 36,
        // dirty 4, nothing moves. Jiffy 50 (>= 50): 100 - ((100 - max(36, 4)) >> 5) = 100 - 2 = 98.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        world.Throttle.WritebackSetRatelimitIoLess();
        var memcg = new MemCgroup("job", memoryMax: 50, jiffies: 0);
        var gdtc = new DirtyThrottleControl { Thresh = 40, BgThresh = 10, Dirty = 30, WbDirty = 30, WbThresh = 40, WbBgThresh = 10, PosRatio = 1 << PageWritebackThrottle.RatelimitCalcShift };
        var mdtc = new DirtyThrottleControl { Memcg = memcg, Thresh = 100, BgThresh = 50, Dirty = 50, WbDirty = 50, WbThresh = 100, WbBgThresh = 50, PosRatio = 1 << PageWritebackThrottle.RatelimitCalcShift };
        var limits = new List<ulong>();

        void EstimateAt(long jiffies)
        {
            world.Kernel.Timers.Advance(jiffies - world.Jiffies);
            world.Run(() => world.Throttle.WbUpdateBandwidthLocked(null, gdtc, updateRatelimit: true, mdtc), Dd);
            limits.Add(memcg.DirtyLimit);
        }

        EstimateAt(30);
        (mdtc.Thresh, mdtc.BgThresh, mdtc.Dirty, mdtc.WbDirty, mdtc.WbThresh, mdtc.WbBgThresh) = (36, 18, 4, 4, 36, 18);
        EstimateAt(40);
        EstimateAt(50);

        Assert.Equal([100UL, 100UL, 98UL], limits);
        Assert.Equal(50, memcg.DirtyLimitTstamp);
    }
}
