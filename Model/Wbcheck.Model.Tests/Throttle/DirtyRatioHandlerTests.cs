using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// dirty_ratio_handler: what is sized from the dirty threshold follows a new vm.dirty_ratio.
/// 2.6.24 to 3.4: the floating proportions' period (update_completion_period, prop_change_shift
/// on vm_completions and vm_dirties); from 3.5: ratelimit_pages (writeback_set_ratelimit). In
/// 2.6.20 dirty_ratio had no handler.
/// </summary>
public sealed class DirtyRatioHandlerTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void The_proportions_period_follows_a_new_dirty_ratio(KernelEra era)
    {
        // 82 pages are 83 dirtyable: dirty_ratio 40 gives 33 pages, 2 + ilog2(32) = 7 (PeriodShiftTests);
        // dirty_ratio 10 gives 8 pages (8.3 rounded down), 2 + ilog2(7) = 4, a period/2 of 8 events.
        var world = new ThrottleWorld(new Machine { TotalPages = 82 }, config: new KernelConfig { Era = era });
        world.Throttle.PageWritebackInit();
        Assert.Equal(64UL, world.Throttle.VmCompletions.Period2);

        world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyRatio = 10 });

        Assert.Equal(4, world.Throttle.VmCompletions.Shift);
        Assert.Equal(4, world.Throttle.VmDirties.Shift);
        Assert.Equal(8UL, world.Throttle.VmCompletions.Period2);
    }

    [Fact]
    public void A_write_that_keeps_dirty_ratio_changes_nothing()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 82 }, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        world.Throttle.PageWritebackInit();
        var local = new PropLocal();
        for (var i = 0; i < 100; i++)
        {
            local.PropInc(world.Throttle.VmCompletions, world.Kernel.Faults);
        }

        world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyBackgroundRatio = 5 });

        Assert.Equal(7, world.Throttle.VmCompletions.Shift);
        Assert.Equal(100UL, world.Throttle.VmCompletions.Events);
    }

    [Fact]
    public void Prop_change_shift_rescales_t_to_the_new_period()
    {
        // t = 100 under shift 7 (period/2 64): 100 is 1 period and 36/64 of the next. Down two
        // shifts (offset 2) t becomes 100 >> 2 = 25, 1 period of 16 and 9/16: the same place.
        // Up one shift (offset -1) t becomes 25 << 1 = 50 under period/2 32.
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(7);
        var local = new PropLocal();
        var faults = new Faults();
        for (var i = 0; i < 100; i++)
        {
            local.PropInc(pd, faults);
        }

        pd.PropChangeShift(5);
        Assert.Equal((5, 25UL), (pd.Shift, pd.Events));

        pd.PropChangeShift(6);
        Assert.Equal((6, 50UL), (pd.Shift, pd.Events));

        // PROP_MAX_SHIFT caps the shift, as prop_descriptor_init does.
        pd.PropChangeShift(100);
        Assert.Equal(PropDescriptor.PropMaxShift, pd.Shift);
    }

    [Fact]
    public void From_3_5_ratelimit_pages_follows_a_new_dirty_ratio()
    {
        // 2,000 pages (IoLessCpuRatelimitLookTests): dirty_ratio 40 gives a threshold of about
        // 800 and ratelimit_pages 800 / 32 = 25; dirty_ratio 10, about 200 / 32 = 6, so the floor 16.
        var world = new ThrottleWorld(new Machine { TotalPages = 2000 }, config: new KernelConfig { Era = KernelEra.V3_19 });
        world.Throttle.PageWritebackInit();
        Assert.InRange(world.Throttle.RatelimitPages, 17, 31);

        world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyRatio = 10 });

        Assert.Equal(16, world.Throttle.RatelimitPages);
    }

    [Fact]
    public void In_2_6_20_nothing_follows_dirty_ratio()
    {
        // 2.6.20's ratelimit_pages is total memory / (CPUs x 32), at least 16 (writeback_set_ratelimit):
        // 8,192 pages on one CPU give 256, whatever dirty_ratio is.
        var world = new ThrottleWorld(new Machine { TotalPages = 8192 }, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        world.Throttle.PageWritebackInit();
        var before = world.Throttle.RatelimitPages;

        world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyRatio = 10 });

        Assert.Equal(before, world.Throttle.RatelimitPages);
    }
}
