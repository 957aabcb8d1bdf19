using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The flusher's machine-wide background test: "at or over" the threshold in 2.6.20 to 2.6.36,
/// "over" it from 2.6.37 (Wu Fengguang's "writeback: remove the internal 5% low bound on
/// dirty_ratio", v2: "convert the background writeback checks, too"; the model's 3.19 on,
/// <see cref="KernelEras.FlusherBackgroundTestIsStrict"/>). The rig: 100 pages, background
/// threshold 10, passes of 4 pages; the disk has completed a page, so its share is the whole
/// threshold and the per-disk test (3.2 on) says what the machine's does. Dirty pages: exactly
/// the era's threshold (10 from 2.6.29; 2.6.20's get_dirty_limits gives its own).
/// </summary>
public sealed class BackgroundThresholdStrictTests
{
    private static ThrottleWorld World(KernelEra era)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era }).DiskHasWritten();
        world.Kernel.Observers.Add(new BackgroundWriteoutMonitor(world.Kernel));
        return world;
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void From_2_6_37_exactly_the_threshold_begins_no_pass(KernelEra era)
    {
        var world = World(era);
        world.AddFile(dirty: (int)world.Throttle.BackgroundThresholdOfEra());

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal((false, 0), (world.Throttle.OverBgroundThresh(), world.PagesSubmitted));
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_2_6_37_one_page_over_the_threshold_writes_a_pass(KernelEra era)
    {
        var world = World(era);
        world.AddFile(dirty: (int)world.Throttle.BackgroundThresholdOfEra() + 1);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal(4, world.PagesSubmitted);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_2_6_37_exactly_the_threshold_writes_a_pass(KernelEra era)
    {
        var world = World(era);
        world.AddFile(dirty: (int)world.Throttle.BackgroundThresholdOfEra());

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.True(world.PagesSubmitted > 0);
    }
}
