using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

public sealed class PageWritebackInitTests
{
    [Fact]
    public void Mostly_high_memory_scales_the_default_ratios_down()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 900 });

        world.Throttle.PageWritebackInit();

        // Low memory is a tenth: 4 x 10% = 40% of the defaults.
        Assert.Equal(16, world.Throttle.Sysctls.DirtyRatio);
        Assert.Equal(4, world.Throttle.Sysctls.DirtyBackgroundRatio);
    }

    [Fact]
    public void Scaled_ratios_never_drop_below_one_percent()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 990 });

        world.Throttle.PageWritebackInit();

        Assert.Equal(1, world.Throttle.Sysctls.DirtyRatio);
        Assert.Equal(1, world.Throttle.Sysctls.DirtyBackgroundRatio);
    }

    [Fact]
    public void A_quarter_or_more_of_low_memory_keeps_the_ratios()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 750 });

        world.Throttle.PageWritebackInit();

        Assert.Equal(VmSysctls.Default, world.Throttle.Sysctls);
    }

    [Fact]
    public void Boot_starts_kupdate_and_sizes_the_ratelimit()
    {
        var kernel = new Kernel(new Runtime.SequentialRuntime(), new KernelConfig { Machine = new Machine { TotalPages = 4096 } });

        kernel.Throttle.PageWritebackInit();

        Assert.Equal(500, kernel.Throttle.WbTimer.Expires);
        Assert.Equal(128, kernel.Throttle.RatelimitPages);
    }
}
