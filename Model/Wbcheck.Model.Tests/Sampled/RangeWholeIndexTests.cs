using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// generic_writepages of 2.6.20 ends a whole-file pass with "if (wbc-&gt;range_cyclic ||
/// (range_whole &amp;&amp; wbc-&gt;nr_to_write &gt; 0)) mapping-&gt;writeback_index = index": a whole-file
/// pass with budget left, one page of it too, leaves writeback_index at its lookup cursor; one
/// that spent its budget leaves it alone.
/// </summary>
public sealed class RangeWholeIndexTests
{
    [Theory]
    [InlineData(3, 2)] // one page of budget left: the cursor, past the last page written
    [InlineData(2, 5)] // budget spent: writeback_index as it was
    public void A_whole_file_pass_sets_writeback_index_only_with_budget_left(long nrToWrite, long expected)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        world.Mapping.WritebackIndex = 5;
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = nrToWrite, RangeStart = 0, RangeEnd = WritebackControl.LLongMax };

        world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc));

        Assert.True(wbc.RangeWhole);
        Assert.Equal(nrToWrite - 2, wbc.NrToWrite);
        Assert.Equal(expected, world.Mapping.WritebackIndex);
    }
}
