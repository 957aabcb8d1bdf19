using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// write_cache_pages (2.6.29 to 5.0) of a whole-file pass that is not range_cyclic keeps its place
/// for the next cyclic pass only when it ends with budget left: "if (wbc-&gt;range_cyclic ||
/// (range_whole &amp;&amp; wbc-&gt;nr_to_write &gt; 0)) mapping-&gt;writeback_index = done_index" [R]. An
/// integrity pass over three dirty pages with nr_to_write 4 ends with 1 left, so writeback_index
/// becomes done_index: the last page's index from 3.19 (2), one past it in 2.6.29 (3), whose
/// done_index moved past each page. (A ranged pass has no wrap: range_cyclic does not apply.)
/// </summary>
public sealed class WholePassBudgetLeftIndexTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29, 3L)]
    [InlineData(KernelEra.V3_19, 2L)]
    [InlineData(KernelEra.V4_13, 2L)]
    public void A_whole_file_pass_with_one_page_of_budget_left_records_its_done_index(KernelEra era, long writebackIndex)
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = era });
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.All, RangeStart = 0, RangeEnd = WritebackControl.LLongMax, NrToWrite = 4 };

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc)));

        Assert.Equal(1, wbc.NrToWrite);
        Assert.Equal(writebackIndex, world.Mapping.WritebackIndex);
        world.CompleteAllIo();
        world.AssertInvariants();
    }
}
