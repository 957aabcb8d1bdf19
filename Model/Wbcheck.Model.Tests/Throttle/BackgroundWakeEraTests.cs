using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// balance_dirty_pages' wake-up of background writeout while the disk's writeback thread is busy
/// with other work, era by era (<see cref="DirtyThrottle.BdiStartBackgroundWriteback"/>): pdflush
/// dropped it (to 2.6.31); from 2.6.32 the flusher runs it after what it does (a queued
/// for_background work to 2.6.36, a wake-up and wb_check_background_flush from 2.6.37). Each
/// world has a pool of one writeback thread, taken by an activity that holds the flusher (from
/// 2.6.36) and writes nothing, and a file of 20 dirty pages on a machine of 100, over the
/// background threshold.
/// </summary>
public sealed class BackgroundWakeEraTests
{
    private static (ThrottleWorld World, List<int> SubmittedWhenFlusherRan) BusyWorld(KernelEra era)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, PdflushThreads = 1 }, config: KernelConfig.Default with { Era = era });
        world.AddFile(dirty: 20);
        return (world, BusyFlusher.Hold(world, era));
    }

    private static void Wake(ThrottleWorld world, int times = 1) => world.Run(() =>
    {
        for (var wake = 0; wake < times; wake++)
        {
            world.Throttle.BdiStartBackgroundWriteback();
        }

        return ValueTask.CompletedTask;
    });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void Pdflush_drops_the_wake_up_when_every_thread_is_busy(KernelEra era)
    {
        var (world, _) = BusyWorld(era);

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
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void From_2_6_32_the_wake_up_is_not_dropped_the_flusher_writes_back_after_what_it_does(KernelEra era)
    {
        var (world, submittedWhenFlusherRan) = BusyWorld(era);

        Wake(world);

        Assert.Equal(["pdflush flusher", "pdflush background_writeout"], world.PendingNames);
        world.RunAllPending();
        Assert.Equal([0], submittedWhenFlusherRan);
        Assert.InRange(world.PagesSubmitted, 1, 20);
        Assert.Equal(0, world.Kernel.Pdflush.Busy);
    }

    /// <summary>
    /// A wake-up while background writeout is pending starts no second one; once it has run, the
    /// next wake-up starts another.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_2_6_32_a_wake_up_while_background_writeout_is_pending_adds_nothing(KernelEra era)
    {
        var (world, _) = BusyWorld(era);

        Wake(world, times: 2);

        Assert.Equal(["pdflush flusher", "pdflush background_writeout"], world.PendingNames);
        world.RunAllPending();
        Wake(world);
        Assert.Equal(["pdflush background_writeout"], world.PendingNames);
    }
}
