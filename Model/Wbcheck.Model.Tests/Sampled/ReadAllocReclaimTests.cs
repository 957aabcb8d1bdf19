using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Nodes;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// Readahead's page allocation (__do_page_cache_readahead's page_cache_alloc_readahead, then
/// add_to_page_cache_lru) goes through the allocator's slow path like a writer's: below the min
/// watermarks it reclaims clean pages itself (__alloc_pages_direct_reclaim) and gets its page.
/// </summary>
public sealed class ReadAllocReclaimTests
{
    [Fact]
    public void A_reader_below_the_min_watermarks_reclaims_clean_pages_itself_and_gets_its_pages()
    {
        // DirectReclaimTests' machine and count: two nodes of 100 pages (min 16, low 20), 160
        // clean pages cached fill both to low; the slow path gives 4 more a node down to min; the
        // 9th new page needs direct reclaim, once, and the 10th comes from what it freed.
        var world = new ZoneWorld(KernelEra.V6_9, new Machine { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 }, cached: 160);
        var added = 0;

        world.Runtime.Run("reader", async () =>
        {
            for (var index = 0L; index < 10; index++)
            {
                if (await world.Kernel.Filemap.AddToPageCacheLru(world.Written.Mapping, index) is not null)
                {
                    added++;
                }
            }
        });

        Assert.Equal((10, 10L), (added, world.Written.Mapping.NrPages));
        Assert.Equal(1L, world.Kernel.PageAlloc.AllocStall);
    }
}
