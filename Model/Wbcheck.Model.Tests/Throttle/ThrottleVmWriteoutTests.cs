using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>100 pages: reclaim may have 40 + 4 pages under writeback.</summary>
public sealed class ThrottleVmWriteoutTests
{
    [Fact]
    public void Reclaim_goes_on_while_writeback_is_within_a_tenth_over_the_dirty_threshold()
    {
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V2_6_20 });
        var file = world.AddFile(dirty: 44);
        world.StartWriteback(file, 44);

        world.Run(() => world.Throttle.ThrottleVmWriteout(Gfp.Kernel));

        Assert.Equal(44, world.Vmstat.NrWriteback);
    }

    [Fact]
    public void Reclaim_waits_for_writeback_to_come_down_to_a_tenth_over()
    {
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V2_6_20 });
        var file = world.AddFile(dirty: 50);
        world.StartWriteback(file, 50);

        world.Run(() => world.Throttle.ThrottleVmWriteout(Gfp.Kernel));

        Assert.Equal(44, world.Vmstat.NrWriteback);
    }

    [Fact]
    public void Dirty_pages_do_not_hold_reclaim_back()
    {
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V2_6_20 });
        world.AddFile(dirty: 100);

        world.Run(() => world.Throttle.ThrottleVmWriteout(Gfp.Kernel));

        Assert.Equal(0, world.PagesSubmitted);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, true)]
    [InlineData(KernelEra.V2_6_29, false)]
    [InlineData(KernelEra.V3_19, false)]
    public void A_reclaimer_that_may_not_enter_the_filesystem_naps_once_from_2_6_29(KernelEra era, bool waitsDown)
    {
        // GFP_NOFS: 2.6.20's throttle has no gfp test and waits until writeback is down to the
        // threshold plus a tenth; later forms nap once and go on ("The caller might hold locks
        // which can prevent IO completion"). A GFP_KERNEL reclaimer waits down in every era.
        var nofs = new ThrottleWorld(config: new KernelConfig { Era = era });
        nofs.StartWriteback(nofs.AddFile(dirty: 50), 50);
        var kernel = new ThrottleWorld(config: new KernelConfig { Era = era });
        kernel.StartWriteback(kernel.AddFile(dirty: 50), 50);

        nofs.Run(() => nofs.Throttle.ThrottleVmWriteout(Gfp.NoFs));
        kernel.Run(() => kernel.Throttle.ThrottleVmWriteout(Gfp.Kernel));

        Assert.True(kernel.Vmstat.NrWriteback < 50);
        Assert.Equal(waitsDown, nofs.Vmstat.NrWriteback == kernel.Vmstat.NrWriteback);
        Assert.True(nofs.Vmstat.NrWriteback < 50, "the GFP_NOFS reclaimer did not nap at all");
    }
}
