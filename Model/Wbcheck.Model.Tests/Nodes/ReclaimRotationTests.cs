using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// Direct reclaim's batches go on past the pages they keep: the kernel puts a kept page back at
/// its LRU's head and isolates the next batch from the tail, so a zone whose first pages cannot
/// be freed still gives up its others (putback_inactive_pages, isolate_lru_pages; every era).
/// </summary>
public sealed class ReclaimRotationTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_zone_whose_first_forty_pages_are_pinned_still_frees_a_batch_of_its_clean_ones(KernelEra era)
    {
        var world = new World(pages: 100, dirty: false, config: new KernelConfig { Era = era });
        for (var index = 0; index < 40; index++)
        {
            Filemap.FolioGet(world.Page(index)); // a long-term pin: reclaim can never free it
        }

        var zone = world.Page(0).Zone;
        Assert.NotNull(zone);

        var freed = world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone]));

        // SWAP_CLUSTER_MAX at least, and none of the pinned pages.
        Assert.True(freed >= 32, $"{freed} freed");
        Assert.All(Enumerable.Range(0, 40), index => Assert.NotNull(world.Mapping.Pages.Load(index)));
    }
}
