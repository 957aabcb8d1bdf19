using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// write_cache_pages (2.6.29; 5.0 after 4.20's change) of a range_cyclic pass that stops because
/// nr_to_write ran out: "if (wbc-&gt;range_cyclic &amp;&amp; !done) done_index = 0" wraps only a pass
/// that reached the end with work left, so a stopped pass leaves writeback_index where it
/// stopped (the page it wrote, or the one after, by era), and the next pass goes on from there.
/// </summary>
public sealed class CyclicStopIndexTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V5_0)]
    public void A_cyclic_pass_that_spent_nr_to_write_leaves_writeback_index_where_it_stopped(KernelEra era)
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = era });
        world.Mapping.WritebackIndex = 1;

        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1, RangeCyclic = true }));

        Assert.True(world.Page(1).Writeback);
        Assert.True(world.Page(0).Dirty && world.Page(2).Dirty);
        Assert.InRange(world.Mapping.WritebackIndex, 1, 2);
    }
}
