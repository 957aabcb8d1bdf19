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
}
