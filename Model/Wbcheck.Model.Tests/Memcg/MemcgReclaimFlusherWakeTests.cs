using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// memcg limit reclaim wakes the flushers when a batch it took was all dirty and not queued for
/// I/O (<see cref="Vmscan"/>'s MemcgReclaimAfterShrinkingBatch): from 4.11 for a memcg on cgroup
/// v2 (sane_reclaim, 726d061fbd36), from 4.16 for a cgroup v1 memcg too (1c610d5f93c7). The
/// memcg's two pages are dirty and fill its limit; a third page's charge reclaims from them.
/// </summary>
public sealed class MemcgReclaimFlusherWakeTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, true, false)]
    [InlineData(KernelEra.V4_13, false, false)]
    [InlineData(KernelEra.V4_13, true, true)]
    [InlineData(KernelEra.V4_17, false, true)]
    [InlineData(KernelEra.V4_17, true, true)]
    [InlineData(KernelEra.V6_9, false, true)]
    public void A_charge_whose_reclaim_finds_only_unqueued_dirty_pages_wakes_the_flushers_as_the_era_did(KernelEra era, bool v2, bool wakes)
    {
        var world = new World(2, dirty: true, new KernelConfig { Era = era });
        new MemCgroup("job", 2) { HardLimit = true, OnDefaultHierarchy = v2 }.Charge(world.Mapping);

        _ = world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.Kernel));

        Assert.Equal(wakes, world.Runtime.Pending.Any(thread => thread.Name == "flusher"));
        world.CompleteAllIo();
        Assert.Equal(wakes, !world.Page(0).Dirty && !world.Page(1).Dirty);
    }

    /// <summary>
    /// From 6.1 (81a70c21d917 [R]) a cgroup v1 memcg's reclaim, not writeback_throttling_sane,
    /// throttles itself after each wake-up: reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK), the whole
    /// HZ/10 in the model. A cgroup v2 memcg's does not, nor a v1 memcg's before (4.17): the same
    /// charge's reclaim passes the same time on both hierarchies there.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_17, false)]
    [InlineData(KernelEra.V6_9, true)]
    [InlineData(KernelEra.V6_10, true)]
    public void A_cgroup_v1_memcgs_reclaim_throttles_after_waking_the_flushers_from_6_1(KernelEra era, bool throttles)
    {
        var throttled = JiffiesOfReclaim(era, v2: false) - JiffiesOfReclaim(era, v2: true);

        Assert.Equal(throttles, throttled > 0);
        Assert.Equal(0, throttled % (Time.Timers.Hz / 10));
    }

    private static long JiffiesOfReclaim(KernelEra era, bool v2)
    {
        var world = new World(2, dirty: true, new KernelConfig { Era = era });
        new MemCgroup("job", 2) { HardLimit = true, OnDefaultHierarchy = v2 }.Charge(world.Mapping);

        _ = world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.Kernel));

        return world.Kernel.Timers.Jiffies;
    }
}
