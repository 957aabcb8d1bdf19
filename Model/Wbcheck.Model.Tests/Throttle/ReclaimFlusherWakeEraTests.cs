using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// Page reclaim's wake-up of the flushers while the disk's writeback thread is busy, era by era
/// (<see cref="DirtyThrottle.WakeupFlusherThreads"/>): pdflush dropped it (to 2.6.31); from 2.6.32
/// wakeup_flusher_threads queues a work the flusher runs after what it does (to 4.14), and from
/// 4.15 sets WB_start_all, which the flusher clears once the flush it asks for has run. Each
/// world has a pool of one writeback thread, taken by a writeback that writes nothing.
/// </summary>
public sealed class ReclaimFlusherWakeEraTests
{
    private static ThrottleWorld BusyPool(KernelEra era, int dirty = 20)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, PdflushThreads = 1 }, config: KernelConfig.Default with { Era = era });
        world.AddFile(dirty: dirty);
        Assert.Equal(0, world.Kernel.Pdflush.PdflushOperation("flusher", _ => ValueTask.CompletedTask, 0));
        return world;
    }

    private static void Wake(ThrottleWorld world, int times = 1) => world.Run(() =>
    {
        for (var wake = 0; wake < times; wake++)
        {
            world.Throttle.WakeupFlusherThreads(0);
        }

        return ValueTask.CompletedTask;
    });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void Pdflush_drops_the_wake_up_when_every_thread_is_busy(KernelEra era)
    {
        var world = BusyPool(era);

        Wake(world);

        Assert.Equal(["pdflush flusher"], world.PendingNames);
        world.RunAllPending();
        Assert.Equal(0, world.PagesSubmitted);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void From_2_6_32_the_wake_up_is_not_dropped_the_flusher_writes_every_dirty_page_after(KernelEra era)
    {
        var world = BusyPool(era);

        Wake(world);

        Assert.Equal(["pdflush flusher", "flusher"], world.PendingNames);
        world.RunAllPending();
        Assert.Equal(20, world.PagesSubmitted);
    }

    /// <summary>
    /// Each work is of every dirty page: 2.6.36 counts the 20 dirty pages; from 3.19 get_nr_dirty_pages
    /// adds one for the file's dirty inode (<see cref="KernelEras.WakeupCountsDirtyInodes"/>).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36, 20)]
    [InlineData(KernelEra.V3_19, 21)]
    [InlineData(KernelEra.V4_13, 21)]
    public void To_4_14_each_wake_up_queues_a_work_of_its_own(KernelEra era, long nrPages)
    {
        var world = BusyPool(era);

        Wake(world, times: 2);

        var fsWriteback = world.Kernel.FsWriteback;
        var first = fsWriteback.GetNextWorkItem();
        var second = fsWriteback.GetNextWorkItem();
        Assert.Equal((nrPages, WritebackSyncMode.None, false), (first?.NrPages, first?.SyncMode, first?.RangeCyclic));
        Assert.Equal(nrPages, second?.NrPages);
        Assert.Null(fsWriteback.GetNextWorkItem());
    }

    [Theory]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_15_a_wake_up_while_the_flush_runs_adds_nothing_and_the_flag_clears_when_it_has_run(KernelEra era)
    {
        var world = BusyPool(era);
        var walks = new WakeDuringWalk(world);
        world.Kernel.Observers.Add(walks);

        Wake(world);
        Assert.True(world.Kernel.FsWriteback.StartAllPending);
        world.RunAllPending();

        // The wake-up from inside the flush found WB_start_all still set: one walk, no second flush.
        Assert.Equal([true], walks.FlagSetWhenWoken);
        Assert.False(world.Kernel.FsWriteback.StartAllPending);
        Assert.Empty(world.PendingNames);
        Assert.Equal(20, world.PagesSubmitted);
    }

    [Theory]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_15_a_wake_up_after_the_flush_has_run_asks_for_another(KernelEra era)
    {
        var world = BusyPool(era);
        Wake(world);
        world.RunAllPending();
        world.AddFile(dirty: 5);

        Wake(world);

        Assert.True(world.Kernel.FsWriteback.StartAllPending);
        Assert.Equal(["flusher"], world.PendingNames);
        world.RunAllPending();
        Assert.Equal(25, world.PagesSubmitted);
    }

    /// <summary>Wakes the flushers again from inside the flush's first walk of an inode.</summary>
    private sealed class WakeDuringWalk(ThrottleWorld world) : IKernelObserver
    {
        public List<bool> FlagSetWhenWoken { get; } = [];

        public void WbWritesInode(CgroupWb? wb, Inode inode)
        {
            if (FlagSetWhenWoken.Count == 0)
            {
                FlagSetWhenWoken.Add(world.Kernel.FsWriteback.StartAllPending);
                world.Throttle.WakeupFlusherThreads(0);
            }
        }
    }
}
