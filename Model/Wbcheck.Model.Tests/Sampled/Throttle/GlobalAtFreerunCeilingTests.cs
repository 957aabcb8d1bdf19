using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages (4.19, 6.9) without a memcg domain: the task runs free while "dirty &lt;=
/// dirty_freerun_ceiling(thresh, bg_thresh)" [R], at the ceiling included, and looks again after
/// dirty_poll_interval. <see cref="MemcgAtFreerunCeilingTests"/> is the memcg domain's edge.
/// </summary>
public sealed class GlobalAtFreerunCeilingTests
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_dirtier_exactly_at_the_freerun_ceiling_runs_free(KernelEra era)
    {
        // 100 pages: thresholds 10 and 40, ceiling (40 + 10) / 2 = 25, and 25 dirty pages. The
        // dirtier runs free, no pause, and may dirty 1 << (ilog2(40 - 25) >> 1) = 2 pages before
        // it looks again.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 25);
        var nrDirtiedPause = 0;

        world.Run(async () =>
        {
            await world.Throttle.BalanceDirtyPagesDtc(file.Mapping, 1, BdpFlags.None);
            nrDirtiedPause = world.Throttle.CurrentDirtied.NrDirtiedPause;
        });

        Assert.Equal((0L, 2), (world.Jiffies, nrDirtiedPause));
    }
}
