using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// 2.5.31's direct reclaim scans one inactive list for the machine, but shrink_cache frees a page
/// only if memclass(page_zone(page), classzone): the page's zone is on the classzone's node and
/// no higher than it. A reclaimer on node 1 passes over node 0's pages, even the oldest.
/// </summary>
public sealed class MemclassTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Fact]
    public void A_2_5_31_reclaimer_for_node_1_frees_none_of_node_0_s_pages()
    {
        // The set-up fills node 0 first, so its 80 pages are the oldest, at the list's tail.
        var world = new ZoneWorld(KernelEra.V2_5, Numa, cached: 160);
        var alloc = world.Kernel.PageAlloc;
        var freed = 0;

        world.Runtime.Run("reclaimer", async () => freed = await world.Kernel.Vmscan.TryToFreePages([.. alloc.Zonelist(1)], Gfp.Kernel));

        Assert.Equal(80, world.PagesIn(world.Cache, alloc.Zones[0]));
        Assert.True(freed > 0, $"{freed} freed");
        Assert.Equal(80 - freed, world.PagesIn(world.Cache, alloc.Zones[1]));
    }
}
