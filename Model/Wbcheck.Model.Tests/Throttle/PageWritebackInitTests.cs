using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

public sealed class PageWritebackInitTests
{
    /// <summary>2.6.20\'s page_writeback_init, the 2.6.20 era\'s (2.6.29 and 2.6.36 do not scale the ratios; IoLessRunningTests has 3.x\'s).</summary>
    private static readonly KernelConfig Era2_6_20 = KernelConfig.Default with { Era = KernelEra.V2_6_20 };

    [Fact]
    public void Mostly_high_memory_scales_the_default_ratios_down()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 900 }, config: Era2_6_20);

        world.Throttle.PageWritebackInit();

        // Low memory is a tenth: 4 x 10% = 40% of the defaults.
        Assert.Equal(16, world.Throttle.Sysctls.DirtyRatio);
        Assert.Equal(4, world.Throttle.Sysctls.DirtyBackgroundRatio);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void From_2_6_29_mostly_high_memory_keeps_the_ratios(KernelEra era)
    {
        // High memory is left out of dirtyable memory instead (determine_dirtyable_memory).
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 900 }, config: KernelConfig.Default with { Era = era });

        world.Throttle.PageWritebackInit();

        Assert.Equal(VmSysctls.V2_6_20Default, world.Throttle.Sysctls);
    }

    [Fact]
    public void Scaled_ratios_never_drop_below_one_percent()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 990 }, config: Era2_6_20);

        world.Throttle.PageWritebackInit();

        Assert.Equal(1, world.Throttle.Sysctls.DirtyRatio);
        Assert.Equal(1, world.Throttle.Sysctls.DirtyBackgroundRatio);
    }

    [Fact]
    public void A_quarter_or_more_of_low_memory_keeps_the_ratios()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 750 }, config: Era2_6_20);

        world.Throttle.PageWritebackInit();

        Assert.Equal(VmSysctls.V2_6_20Default, world.Throttle.Sysctls);
    }

    [Fact]
    public void Boot_starts_kupdate_and_sizes_the_ratelimit()
    {
        var kernel = new Kernel(new Runtime.SequentialRuntime(), new KernelConfig { Era = KernelEra.V2_6_36, Machine = new Machine { TotalPages = 4096 } });

        kernel.Throttle.PageWritebackInit();

        // Nothing is dirty: the 2.6.36 flusher sleeps without a timeout until the first dirty
        // inode's delayed wake-up (FlusherSleepTests); its periodic writeback is started all the same.
        Assert.True(kernel.Throttle.PeriodicWritebackBooted);
        Assert.False(kernel.Throttle.WbTimer.Pending);
        Assert.Equal(128, kernel.Throttle.RatelimitPages);
    }
}
