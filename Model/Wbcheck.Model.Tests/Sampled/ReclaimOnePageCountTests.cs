using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// shrink_lruvec (shrink_zone to 3.x) goes on while any list has a count left for the round,
/// "while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE])" [R]: a count of
/// one page is scanned. A zone of one clean inactive page: 3.19's memcg limit reclaim forces the
/// count to min(1, SWAP_CLUSTER_MAX) = 1 at DEF_PRIORITY (<see cref="ForceScanTests"/>); 6.9's
/// direct reclaim comes to 1 &gt;&gt; 0 = 1 at priority 0. Either way the page is scanned and freed.
/// </summary>
public sealed class ReclaimOnePageCountTests
{
    [Fact]
    public void Memcg_reclaim_of_3_19_frees_the_one_page_its_forced_count_names()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V3_19 });
        var memcg = new MemCgroup("job", 1) { HardLimit = true };
        memcg.Charge(world.Mapping);

        Assert.Equal(1, world.Run(() => world.Kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel)));

        Assert.Null(world.Mapping.Pages.Load(0));
    }

    [Fact]
    public void Direct_reclaim_of_6_9_frees_the_one_page_at_priority_0()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V6_9 });
        var zone = world.Page(0).Zone!;

        Assert.Equal(1, world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone])));

        Assert.Null(world.Mapping.Pages.Load(0));
    }
}
