using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages with a memcg domain (4.19, 6.9): the task runs free while "dirty &lt;=
/// dirty_freerun_ceiling(thresh, bg_thresh)" in both domains, at the memcg's ceiling included.
/// It then looks again after the nearer of the two poll intervals (dirty_poll_interval).
/// </summary>
public sealed class MemcgAtFreerunCeilingTests
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_memcg_exactly_at_its_freerun_ceiling_runs_free(KernelEra era)
    {
        // 100 pages: global thresholds 10 and 40, ceiling 25. The job (a 50-page memcg) holds 11
        // dirty pages: its avail is its 11 file pages plus its headroom of 39, 50; thresholds
        // 1,638 x 50 / 4,096 = 19 and 409 x 50 / 4,096 = 4, freerun ceiling (19 + 4) / 2 = 11.
        // The dirtier runs free, no pause, and may dirty 1 << (ilog2(19 - 11) >> 1) = 2 pages
        // before it looks again (the global domain's interval, 1 << (ilog2(40 - 11) >> 1) = 4, is
        // the farther).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        var memcg = new MemCgroup("job", 50);
        var file = world.AddFile(dirty: 11, memcg: memcg);
        var dd = new TaskStruct { Comm = "dd", Memcg = memcg };
        var nrDirtiedPause = 0;

        world.Run(
            async () =>
            {
                await world.Throttle.BalanceDirtyPagesDtc(file.Mapping, 1, BdpFlags.None);
                nrDirtiedPause = world.Throttle.CurrentDirtied.NrDirtiedPause;
            },
            dd);

        Assert.Equal((0L, 2), (world.Jiffies, nrDirtiedPause));
    }
}
