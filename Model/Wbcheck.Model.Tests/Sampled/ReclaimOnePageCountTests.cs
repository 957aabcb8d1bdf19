using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// shrink_lruvec (shrink_zone to 3.x) goes on while any list has a count left for the round,
/// "while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE])" [R]: a count of
/// one page, of either file list, is scanned. A zone of one clean page: 3.19's memcg limit reclaim
/// forces each list's count to min(size, SWAP_CLUSTER_MAX) when neither has one, so 1 at
/// DEF_PRIORITY (<see cref="ForceScanTests"/>); 6.9's direct reclaim comes to 1 &gt;&gt; 0 = 1 at
/// priority 0. An inactive page is scanned and freed; an active page is scanned and deactivated
/// (3.19's memcg reclaim then frees it at the next priority, forced again on the inactive list).
/// </summary>
public sealed class ReclaimOnePageCountTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Memcg_reclaim_of_3_19_scans_the_one_page_its_forced_count_names(bool active)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V3_19 });
        world.Page(0).Active = active;
        var memcg = new MemCgroup("job", 1) { HardLimit = true };
        memcg.Charge(world.Mapping);

        Assert.Equal(1, world.Run(() => world.Kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel)));

        Assert.Null(world.Mapping.Pages.Load(0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Direct_reclaim_of_6_9_scans_the_one_page_at_priority_0(bool active)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V6_9 });
        var page = world.Page(0);
        page.Active = active;

        var freed = world.Run(() => world.Kernel.Vmscan.TryToFreePages([page.Zone!], Gfp.Kernel));

        // The inactive page is freed; the active one is deactivated, the round having no inactive count left.
        Assert.Equal(active ? 0 : 1, freed);
        Assert.Equal(active, world.Mapping.Pages.Load(0) is not null);
        Assert.False(page.Active);
    }
}
