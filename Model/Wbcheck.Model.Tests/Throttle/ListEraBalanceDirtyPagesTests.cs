using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// 2.5.31's balance_dirty_pages looked once: over the async threshold (dirty plus writeback
/// pages over dirty_async_ratio of memory) the dirtier wrote one chunk of its disk's inodes and
/// returned, whatever that left, with no loop and no wait; then it started pdflush's background
/// writeout if dirty pages were over dirty_background_ratio. Its thresholds had none of 2.6.20's
/// clamps. 100 pages of memory, one CPU, the 2.6.20 kernel's sysctls (dirty threshold 40,
/// background 10) written at boot; 2.5.31's fixed ratelimit (the 129th page looks: "count++ &gt;=",
/// <see cref="Look"/>) and chunk (192 pages), 2.6.20's of this machine (16, 24).
/// </summary>
public sealed class ListEraBalanceDirtyPagesTests
{
    private static ThrottleWorld World(KernelEra era, VmSysctls? sysctls = null) =>
        new(sysctls: sysctls, config: KernelConfig.Default with { Era = era });

    /// <summary>
    /// The dirtier's pages up to the one that looks: in 2.5.31 the 129th (RATELIMIT_PAGES 128,
    /// tested before the count is bumped: "count++ &gt;="), its 16th in 2.6.20: either way the
    /// page that goes into balance_dirty_pages.
    /// </summary>
    private static async ValueTask Look(ThrottleWorld world, Mm.AddressSpace mapping)
    {
        if (world.Kernel.Era.RatelimitIsFixed())
        {
            await world.Throttle.BalanceDirtyPagesRatelimitedNr(mapping, 128);
            await world.Throttle.BalanceDirtyPagesRatelimitedNr(mapping, 1);
        }
        else
        {
            await world.Throttle.BalanceDirtyPagesRatelimitedNr(mapping, 16);
        }
    }

    /// <summary>10 dirty pages and 35 under writeback, their I/O not completed: 45 over the threshold of 40.</summary>
    private static Fs.Inode OverTheThresholdMostlyUnderWriteback(ThrottleWorld world)
    {
        var file = world.AddFile(dirty: 45);
        world.StartWriteback(file, 35);
        return file;
    }

    [Fact]
    public void In_2_5_31_a_dirtier_over_the_threshold_writes_what_it_can_and_goes_on_without_waiting()
    {
        var world = World(KernelEra.V2_5);
        var file = OverTheThresholdMostlyUnderWriteback(world);

        world.Run(() => Look(world, file.Mapping));

        // It wrote the 10 dirty pages (a short chunk) and returned: every write still in flight,
        // no completion run, no time passed, and dirty_exceeded never set.
        Assert.Equal(45, world.PagesSubmitted);
        Assert.Equal(45, world.Kernel.Device.InFlight);
        Assert.Equal(0, world.Jiffies);
        Assert.False(world.Throttle.DirtyExceeded);
    }

    [Fact]
    public void In_2_6_20_a_dirtier_over_the_threshold_waits_until_writeback_brings_it_under()
    {
        var world = World(KernelEra.V2_6_20);
        var file = OverTheThresholdMostlyUnderWriteback(world);

        world.Run(() => Look(world, file.Mapping));

        // A short chunk: congestion_wait and look again, until dirty and writeback are at 40.
        Assert.Equal(45, world.PagesSubmitted);
        Assert.True(world.Kernel.Device.InFlight <= 40, $"{world.Kernel.Device.InFlight} in flight");
    }

    [Fact]
    public void In_2_5_31_a_dirtier_under_the_threshold_writes_nothing_and_starts_background_writeout_over_its_threshold()
    {
        var world = World(KernelEra.V2_5);
        var file = world.AddFile(dirty: 30);

        world.Run(() => Look(world, file.Mapping));

        Assert.Equal(0, world.PagesSubmitted);
        Assert.Contains("pdflush background_writeout", world.PendingNames);
    }

    [Fact]
    public void In_2_5_31_the_background_threshold_is_not_kept_below_the_async_one()
    {
        // dirty_background_ratio 50 over dirty_async_ratio 40: 2.6.20 halves the background level
        // to 20; 2.5.31 keeps 50. The dirtier's chunk (192) writes all 45: none dirty, under 50.
        var sysctls = new VmSysctls { DirtyRatio = 40, DirtyBackgroundRatio = 50 };
        var world = World(KernelEra.V2_5, sysctls);
        var file = world.AddFile(dirty: 45);

        world.Run(() => Look(world, file.Mapping));

        Assert.Equal(45, world.PagesSubmitted);
        Assert.Equal(50, world.Throttle.BackgroundThresholdOfEra());
        Assert.DoesNotContain("pdflush background_writeout", world.PendingNames);
    }

    [Fact]
    public void In_2_5_31_the_async_threshold_has_no_unmapped_bound_nor_floor()
    {
        // 60 pages mapped: 2.6.20 bounds dirty_ratio by half the unmapped 40%, to 20%; a ratio of 2
        // it raises to its 5% floor. 2.5.31 takes dirty_async_ratio as it is.
        var mapped = World(KernelEra.V2_5);
        mapped.Vmstat.NrFileMapped = 60;
        var low = World(KernelEra.V2_5, new VmSysctls { DirtyRatio = 2, DirtyBackgroundRatio = 1 });

        Assert.Equal((40L, "async threshold"), mapped.Throttle.DirtyThresholdOfEra());
        Assert.Equal(2, low.Throttle.DirtyThresholdOfEra().Threshold);

        var later = World(KernelEra.V2_6_20);
        later.Vmstat.NrFileMapped = 60;
        Assert.Equal(20, later.Throttle.DirtyThresholdOfEra().Threshold);
    }

    [Fact]
    public void In_2_5_31_a_dirtier_over_the_threshold_waits_for_the_inode_another_thread_is_writing()
    {
        // 45 dirty pages of one file, which another thread (pdflush, say) is writing: I_LOCK.
        var world = World(KernelEra.V2_5);
        world.Runtime.RunPendingWhenBlocked = false;
        var file = world.AddFile(dirty: 45);
        file.State |= InodeState.Lock;

        // Only pdflush passes a locked inode by: the dirtier sleeps in __wait_on_inode.
        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => Look(world, file.Mapping)));

        Assert.Equal(new StepLabel("__wait_on_inode", file.Ino), blocked.Label);
    }

    [Fact]
    public void In_2_6_20_a_memory_cleaning_walk_passes_a_locked_inode_by()
    {
        var world = World(KernelEra.V2_6_20);
        world.Runtime.RunPendingWhenBlocked = false;
        var file = world.AddFile(dirty: 45);
        file.State |= InodeState.Lock;
        var wbc = new Mm.WritebackControl { SyncMode = Mm.WritebackSyncMode.None, NrToWrite = 24 };

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(wbc));

        Assert.Equal(0, world.PagesSubmitted);
    }
}
