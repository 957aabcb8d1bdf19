using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The two timed flushes while the disk's writeback thread is busy with other work, era by era:
/// kupdate (<see cref="DirtyThrottle.WbTimer"/>) and laptop mode's flush after a quiet spell
/// (<see cref="DirtyThrottle.LaptopModeWbTimer"/>). Pdflush refused them (to 2.6.31: kupdate
/// tried again a second later, laptop mode's flush was dropped); from 2.6.32 the flusher runs
/// them after what it does. Each world has a pool of one writeback thread, taken by an activity
/// that holds the flusher (from 2.6.36) and writes nothing, and a file of 5 dirty pages dirtied
/// at jiffy 0, old by the time either timer fires.
/// </summary>
public sealed class TimerFlushEraTests
{
    private const long QuietSpell = 500;

    private static (ThrottleWorld World, List<int> SubmittedWhenFlusherRan) BusyWorld(KernelEra era)
    {
        var world = new ThrottleWorld(
            new Machine { TotalPages = 100, PdflushThreads = 1 },
            VmSysctls.V2_6_20Default with { LaptopMode = QuietSpell },
            config: KernelConfig.Default with { Era = era });
        world.AddFile(dirty: 5);
        return (world, BusyFlusher.Hold(world, era));
    }

    /// <summary>Arm kupdate's timer at jiffy 3000 (one interval on: 3500) and let it fire.</summary>
    private static void FireKupdate(ThrottleWorld world)
    {
        world.Kernel.Timers.Advance(3000);
        world.Throttle.PageWritebackInit();
        world.Kernel.Timers.Advance(world.Throttle.Sysctls.DirtyWritebackInterval);
    }

    /// <summary>A write completion arms laptop mode's flush; the quiet spell passes.</summary>
    private static void FireLaptopFlush(ThrottleWorld world)
    {
        world.Throttle.LaptopIoCompletion();
        world.Kernel.Timers.Advance(QuietSpell);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void Pdflush_refuses_kupdate_when_every_thread_is_busy_and_the_timer_tries_again_a_second_later(KernelEra era)
    {
        var (world, _) = BusyWorld(era);

        FireKupdate(world);

        Assert.Equal(["pdflush flusher"], world.PendingNames);
        Assert.Equal(3500 + Time.Timers.Hz, world.Throttle.WbTimer.Expires);
        world.RunAllPending();
        Assert.Equal(0, world.PagesSubmitted);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void From_2_6_32_kupdate_is_not_refused_the_flusher_runs_it_after_what_it_does(KernelEra era)
    {
        var (world, submittedWhenFlusherRan) = BusyWorld(era);

        FireKupdate(world);

        // The flusher woken by its timer, as the era named it: the thread to 3.9, the delayed work's function from 3.10.
        Assert.Equal(["pdflush flusher", era.AtLeast(KernelEra.V3_19) ? "pdflush wb_workfn" : "pdflush bdi_writeback_thread"], world.PendingNames);
        world.RunAllPending();
        Assert.Equal([0], submittedWhenFlusherRan);
        Assert.Equal(5, world.PagesSubmitted);
        Assert.Equal(0, world.Kernel.Pdflush.Busy);
        // Nothing is left dirty: the flusher sleeps without a timeout (FlusherSleepTests).
        Assert.False(world.Throttle.WbTimer.Pending);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void Pdflush_drops_laptop_modes_flush_when_every_thread_is_busy(KernelEra era)
    {
        var (world, _) = BusyWorld(era);

        FireLaptopFlush(world);

        Assert.Equal(["pdflush flusher"], world.PendingNames);
        world.RunAllPending();
        Assert.Equal(0, world.PagesSubmitted);
        Assert.False(world.Throttle.LaptopModeWbTimer.Pending);
    }

    /// <summary>
    /// From 2.6.32 the flush is a WB_SYNC_NONE writeback of every dirty page on the flusher (a
    /// queued work to 4.14, the flush of everything after the queued works from 4.15), not a
    /// sync: nothing cancels the timer its own completions re-armed.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_17)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void From_2_6_32_laptop_modes_flush_is_not_dropped_the_flusher_writes_everything_after_what_it_does(KernelEra era)
    {
        var (world, submittedWhenFlusherRan) = BusyWorld(era);

        FireLaptopFlush(world);

        Assert.Equal(["pdflush flusher", "flusher"], world.PendingNames);
        world.RunAllPending();
        Assert.Equal([0], submittedWhenFlusherRan);
        Assert.Equal(5, world.PagesSubmitted);
        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.True(world.Throttle.LaptopModeWbTimer.Pending);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_10)]
    public void From_2_6_32_laptop_modes_flush_with_nothing_dirty_does_nothing(KernelEra era)
    {
        var world = new ThrottleWorld(sysctls: VmSysctls.V2_6_20Default with { LaptopMode = QuietSpell }, config: KernelConfig.Default with { Era = era });

        FireLaptopFlush(world);

        Assert.Empty(world.PendingNames);
    }
}
