using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// filemap_fdatawait of the list era (2.5.31, 2.6.0) walks locked_pages under mapping-&gt;page_lock
/// and drops it when the list is empty ("spin_unlock(&amp;mapping-&gt;page_lock); return ret;"): the
/// task returns from the wait atomic no more, so its next step that may schedule (here a second
/// wait of the same range, which spins for the lock) does not schedule while atomic.
/// </summary>
public sealed class ListEraFdatawaitUnlockTests
{
    [Fact]
    public void A_wait_that_found_no_page_left_returns_with_the_page_lock_dropped()
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V2_5 });
        world.Runtime.RunPendingWhenBlocked = true;

        var results = world.Run(async () =>
        {
            await world.Filemap.FilemapFdatawriteRange(world.Mapping, 0, WritebackControl.LLongMax, WritebackSyncMode.All);
            var first = await world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, WritebackControl.LLongMax);
            var second = await world.Filemap.FilemapFdatawaitRange(world.Mapping, 0, WritebackControl.LLongMax);
            return (first, second);
        });

        Assert.Equal((0, 0), results);
        Assert.False(world.Page(0).Dirty || world.Page(1).Dirty);
    }
}
