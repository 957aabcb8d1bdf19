using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages with a memcg domain (4.19, 6.9): "dirty_exceeded |= (mdtc-&gt;wb_dirty &gt;
/// mdtc-&gt;wb_thresh) &amp;&amp; ((mdtc-&gt;dirty &gt; mdtc-&gt;thresh) || strictlimit)". A memcg exactly at its
/// threshold is not over it: its wb over its share does not set the wb's dirty_exceeded; one
/// page more and the memcg domain alone (the machine far under its own threshold) sets it.
/// </summary>
public sealed class MemcgExceededAtThreshTests
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_memcg_at_its_threshold_leaves_dirty_exceeded_clear(KernelEra era)
    {
        // 100 pages: global thresholds 10 and 40. The job (a 50-page memcg) holds 19 dirty pages:
        // its avail is its 19 file pages plus its headroom of 31 (under the clean pages
        // elsewhere), 50. domain_dirty_limits takes a memcg's ratios in 1/PAGE_SIZE steps (40% is
        // 1,638/4,096, 10% is 409/4,096): thresholds 1,638 x 50 / 4,096 = 19 and 409 x 50 / 4,096
        // = 4, freerun ceiling 11, so the dirtier is throttled, by its memcg. The disk's max_ratio
        // 50 caps the job's wb (alone with dirty IO, all of its memcg's completions) at 19 x 50 /
        // 100 = 9 pages: its 19 are over that, but the memcg's 19 are not over its threshold of
        // 19, and the machine's 19 not over 40. The dirtier pauses while the flusher writes, then
        // runs free; dirty_exceeded was never set.
        var (world, wb) = Throttled(era, dirty: 19);

        Assert.True(world.Jiffies > 0, "the dirtier never paused");
        Assert.False(wb.DirtyExceeded);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_memcg_over_its_threshold_sets_dirty_exceeded(KernelEra era)
    {
        // 20 dirty pages: avail still 50 (20 file pages, headroom 30), thresholds 19 and 4; the
        // memcg's 20 are over 19 and its wb's over its cap of 9. The machine's 20 are not over 40.
        var (world, wb) = Throttled(era, dirty: 20);

        Assert.True(wb.DirtyExceeded);
    }

    private static (ThrottleWorld World, CgroupWb Wb) Throttled(KernelEra era, int dirty)
    {
        // The dirtier of memcg job looks once, its pages in the cache; the flusher writes while it pauses.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        world.Kernel.BackingDev.MaxRatio = 50;
        var memcg = new MemCgroup("job", 50);
        var file = world.AddFile(dirty: dirty, memcg: memcg);

        var wb = memcg.Wb!;
        var dd = new TaskStruct { Comm = "dd", Memcg = memcg };

        world.Run(async () => await world.Throttle.BalanceDirtyPagesDtc(file.Mapping, 1, BdpFlags.None), dd);
        return (world, wb);
    }
}
