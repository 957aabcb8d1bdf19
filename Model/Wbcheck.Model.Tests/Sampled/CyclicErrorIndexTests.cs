using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// write_cache_pages (2.6.29 to 6.8) of a range_cyclic WB_SYNC_NONE pass that meets a
/// -&gt;writepage error: "done_index = page-&gt;index + 1" puts writeback_index just past the
/// failed page ("so media errors will not choke background writeout for the entire file"), and
/// the next pass starts there: at the page after the failure, not at the failure itself nor
/// further on.
/// </summary>
public sealed class CyclicErrorIndexTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V5_0)]
    public void A_cyclic_pass_stopped_by_an_error_leaves_writeback_index_just_past_the_failed_page(KernelEra era)
    {
        var world = new World(pages: 4, config: new KernelConfig { Era = era }, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 1 } });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeCyclic = true }));

        Assert.Equal(Errno.ENOSPC, result);
        Assert.True(world.Page(0).Writeback);
        Assert.True(world.Page(1).Dirty && world.Page(2).Dirty && world.Page(3).Dirty);
        Assert.Equal(2, world.Mapping.WritebackIndex);
    }
}
