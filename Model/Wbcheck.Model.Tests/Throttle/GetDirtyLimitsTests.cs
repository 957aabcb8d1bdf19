using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

public sealed class GetDirtyLimitsTests
{
    [Fact]
    public void With_nothing_mapped_the_thresholds_are_the_sysctl_percentages_of_memory()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000 });

        Assert.Equal(new DirtyLimits(Background: 100, Dirty: 400, BackgroundRatio: 10, DirtyRatio: 40), world.Limits());
    }

    [Fact]
    public void At_most_half_the_unmapped_memory_may_be_dirty()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000 });
        world.Throttle.SetMappedMemory(fileMapped: 400, anonPages: 200);

        // 40% unmapped: half of it, 20%, is below the 40% asked for.
        Assert.Equal(new DirtyLimits(100, 200, 10, 20), world.Limits());
    }

    [Fact]
    public void The_clamped_dirty_ratio_never_falls_below_five_percent()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000 });
        world.Throttle.SetMappedMemory(fileMapped: 0, anonPages: 950);

        // 5% unmapped would allow 2%; the floor keeps 5%, and background drops to half of it.
        Assert.Equal(new DirtyLimits(20, 50, 2, 5), world.Limits());
    }

    [Fact]
    public void A_dirty_ratio_set_below_five_percent_is_raised_to_it()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000 }, VmSysctls.V2_6_20Default with { DirtyRatio = 1, DirtyBackgroundRatio = 0 });

        Assert.Equal(new DirtyLimits(0, 50, 0, 5), world.Limits());
    }

    [Fact]
    public void A_background_ratio_not_below_the_dirty_ratio_is_halved_below_it()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000 }, VmSysctls.V2_6_20Default with { DirtyRatio = 30, DirtyBackgroundRatio = 30 });

        Assert.Equal(new DirtyLimits(150, 300, 15, 30), world.Limits());
    }

    [Fact]
    public void A_mapping_limited_to_low_memory_counts_only_low_memory()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 600 });
        var lowOnly = world.AddFile(dirty: 0).Mapping;
        lowOnly.GfpHighmem = false;
        var anywhere = world.AddFile(dirty: 0).Mapping;

        Assert.Equal(new DirtyLimits(40, 160, 10, 40), world.Limits(lowOnly));
        Assert.Equal(new DirtyLimits(100, 400, 10, 40), world.Limits(anywhere));
        Assert.Equal(new DirtyLimits(100, 400, 10, 40), world.Limits(mapping: null));
    }

    [Fact]
    public void Mapped_memory_is_a_share_of_all_memory_even_for_a_low_memory_mapping()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000, TotalHighPages = 1000 });
        var lowOnly = world.AddFile(dirty: 0).Mapping;
        lowOnly.GfpHighmem = false;
        world.Throttle.SetMappedMemory(fileMapped: 500, anonPages: 0);

        // No low memory at all: both thresholds are zero pages, and nothing divides by zero.
        Assert.Equal(new DirtyLimits(0, 0, 10, 25), world.Limits(lowOnly));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Less_throttled_and_real_time_tasks_get_a_quarter_more(bool lessThrottle, bool realTime)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1000 });
        var task = new TaskStruct { Comm = "nfsd", LessThrottle = lessThrottle, RealTime = realTime };

        Assert.Equal(new DirtyLimits(125, 500, 10, 40), world.Limits(task: task));
    }

    [Fact]
    public void A_one_page_machine_has_zero_page_thresholds()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 1 });

        Assert.Equal(new DirtyLimits(0, 0, 10, 40), world.Limits());
    }
}
