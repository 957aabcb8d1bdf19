using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// What periodic writeback must keep ahead, era by era: pdflush's wb_timer always (wb_kupdate
/// re-armed it whatever it found); from 2.6.36 the flusher only while its bdi has dirty io (an
/// idle flusher slept without a timeout). No timer is armed here (PageWritebackInit never ran).
/// </summary>
public sealed class PeriodicWritebackScheduledTests
{
    private static ThrottleWorld World(KernelEra era) => new(new Machine { TotalPages = 100 }, config: KernelConfig.Default with { Era = era });

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_10)]
    public void An_idle_flusher_with_nothing_dirty_needs_no_timer(KernelEra era)
    {
        var world = World(era);

        Assert.Null(PeriodicWritebackScheduled.Check(world.Kernel));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_10)]
    public void A_flusher_with_dirty_io_and_no_timer_is_reported(KernelEra era)
    {
        var world = World(era);
        world.AddFile(dirty: 1);

        Assert.Contains("no periodic flush is ahead", PeriodicWritebackScheduled.Check(world.Kernel));
    }

    [Fact]
    public void Pdflush_with_nothing_dirty_still_needs_its_timer()
    {
        var world = World(KernelEra.V2_6_29);

        Assert.Contains("no periodic flush is ahead", PeriodicWritebackScheduled.Check(world.Kernel));
    }

    /// <summary>
    /// From 2.6.32 the first dirty inode of an idle disk sets the flusher's delayed wake-up; one
    /// that sets none leaves dirty io with nothing ahead (the periodic writeback started at boot,
    /// with nothing dirty, arms no timer).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V6_10, false)]
    [InlineData(KernelEra.V6_10, true)]
    public void A_first_dirty_inode_that_wakes_no_flusher_is_reported(KernelEra era, bool fault)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100 }, faults: Faults.None with { FirstDirtyingWakesNoFlusher = fault }, config: KernelConfig.Default with { Era = era });
        world.Throttle.PageWritebackInit();
        Assert.Null(PeriodicWritebackScheduled.Check(world.Kernel));

        world.AddFile(dirty: 1);

        var violation = PeriodicWritebackScheduled.Check(world.Kernel);
        if (fault)
        {
            Assert.Contains("no periodic flush is ahead", violation);
        }
        else
        {
            Assert.Null(violation);
        }
    }
}
