using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// The fair zone allocation policy (3.12 to 4.7, the model's 3.19 era): every page a zone hands
/// out comes off its NR_ALLOC_BATCH in buffered_rmqueue, "__mod_zone_page_state(zone,
/// NR_ALLOC_BATCH, -(1 &lt;&lt; order))" [R], the OOM victim's page taken from the reserves
/// (ALLOC_NO_WATERMARKS) too. <see cref="OomKillTests"/>' machine: the writer is killed at its 9th
/// page and goes on from the reserves; its 10th page takes one more off a zone's batch.
/// </summary>
public sealed class OomReserveAllocBatchTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Fact]
    public void A_page_from_the_reserves_counts_against_its_zone_s_fair_batch()
    {
        var world = new ZoneWorld(KernelEra.V3_19, Numa, cached: 160, dirty: true, pinned: true);
        long before = 0, after = 0, written = 0;

        var results = world.Write(pages: 9, after: async () =>
        {
            Assert.True(world.Kernel.PageAlloc.Oom.CurrentIsVictim);
            before = world.Kernel.PageAlloc.Zones.Sum(zone => zone.AllocBatch);
            written = await world.Kernel.Filemap.GenericPerformWrite(world.Kernel.Open(world.Written), 9);
            after = world.Kernel.PageAlloc.Zones.Sum(zone => zone.AllocBatch);
        });

        Assert.All(results, result => Assert.True(result > 0));
        Assert.True(written > 0);
        Assert.Equal(before - 1, after);
    }
}
