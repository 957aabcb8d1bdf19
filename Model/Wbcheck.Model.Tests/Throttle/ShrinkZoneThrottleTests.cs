using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// shrink_zone's throttle_vm_writeout (2.6.20 to 4.8): a reclaimer that has scanned a zone waits
/// while the pages under writeback are over the dirty threshold plus a tenth, so that reclaim
/// does not go on, and its allocation with it, while the queue is full. 100 pages: the oldest 40
/// of one file clean, 60 of another under writeback, their I/O not yet completed. Direct reclaim
/// frees the 40 at priority 2 (its deferred count, 46, reaches them first) and has its target;
/// the round's shrink_zone then waits, in the eras that have the throttle, until writeback is
/// down to the threshold plus a tenth; from 4.9 it returns with the 60 still in flight.
/// </summary>
public sealed class ShrinkZoneThrottleTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, true)]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, false)]
    public void Direct_reclaim_waits_in_shrink_zone_while_writeback_is_over_the_dirty_threshold_until_4_9(KernelEra era, bool throttled)
    {
        var (freed, writeback, limit) = Reclaim(era, Faults.None);
        var (_, writebackUnthrottled, _) = Reclaim(era, new Faults { ReclaimSkipsThrottleVmWriteout = true });

        Assert.True(freed >= 32, $"{freed} freed");
        Assert.Equal(60, writebackUnthrottled);
        if (throttled)
        {
            Assert.True(writeback <= limit, $"reclaim went on with {writeback} pages under writeback, over {limit}");
        }
        else
        {
            Assert.Equal(60, writeback);
        }
    }

    /// <summary>
    /// From 3.4 the threshold is the hard dirty limit: the domain's global_dirty_limit, which
    /// follows a falling threshold slowly, when it is the higher. With it at 1,000 pages (a
    /// threshold that was high a moment ago), 60 pages under writeback are well under it plus a
    /// tenth, and 3.19's reclaim goes on at once, where the threshold alone would hold it.
    /// </summary>
    [Fact]
    public void From_3_4_reclaim_waits_over_the_hard_dirty_limit_not_the_threshold_alone()
    {
        var (_, writeback, limit) = Reclaim(KernelEra.V3_19, Faults.None, globalDirtyLimit: 1000);

        Assert.True(limit < 60, $"the threshold plus a tenth, {limit}, must be under the 60 pages for the test to mean anything");
        Assert.Equal(60, writeback);
    }

    private static (int Freed, long Writeback, long Limit) Reclaim(KernelEra era, Faults faults, ulong? globalDirtyLimit = null)
    {
        var world = new ThrottleWorld(faults: faults, config: new KernelConfig { Era = era });
        if (globalDirtyLimit is { } hardLimit)
        {
            world.Throttle.Bdi.GlobalDirtyLimit = hardLimit;
        }

        world.AddFile(dirty: 0, clean: 40);
        var file = world.AddFile(dirty: 60);
        world.StartWriteback(file, 60);
        Assert.Equal(60, world.Vmstat.NrWriteback);

        var kernel = world.Kernel;
        var freed = 0;
        world.Run(async () => freed = await kernel.Vmscan.TryToFreePages([kernel.PageAlloc.Zones[0]], Gfp.Kernel));
        var dirty = era.AtLeast(KernelEra.V2_6_29) ? (long)world.Throttle.GlobalDirtyLimitsNow(TaskStruct.Ordinary).Dirty : world.Throttle.GetDirtyLimits(null, TaskStruct.Ordinary).Dirty;
        return (freed, world.Vmstat.NrWriteback, dirty + (dirty / 10));
    }
}
