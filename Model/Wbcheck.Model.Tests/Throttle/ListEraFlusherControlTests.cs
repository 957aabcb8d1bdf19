namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The list era's pdflush passes and its dirtier's own writeback ask for no range_cyclic, a field
/// its control did not have (111ebb6e6f7b, 2.6.18): background writeout, kupdate and
/// balance_dirty_pages run there and write, where asking for it would be refused.
/// </summary>
public sealed class ListEraFlusherControlTests
{
    private static ThrottleWorld In2_5() => new(config: new KernelConfig { Era = KernelEra.V2_5 });

    [Fact]
    public void Background_writeout_on_the_list_era_writes_without_range_cyclic()
    {
        var world = In2_5();
        world.AddFile(dirty: 3);

        world.Run(() => world.Throttle.BackgroundWriteout(10));

        Assert.Equal(3, world.PagesSubmitted);
    }

    [Fact]
    public void Kupdate_on_the_list_era_writes_without_range_cyclic()
    {
        var world = In2_5();
        world.AddFile(dirty: 3);
        world.Kernel.Timers.Advance(3005);

        world.Run(() => world.Throttle.WbKupdate(0));

        Assert.Equal(3, world.PagesSubmitted);
    }

    [Fact]
    public void Balance_dirty_pages_on_the_list_era_writes_without_range_cyclic()
    {
        // 45 dirty pages over the threshold of 40: the dirtier writes a chunk itself.
        var world = In2_5();
        var file = world.AddFile(dirty: 45);

        world.Run(() => world.Throttle.BalanceDirtyPagesV2531(file.Mapping));

        Assert.True(world.PagesSubmitted > 0, $"{world.PagesSubmitted} pages submitted");
    }
}
