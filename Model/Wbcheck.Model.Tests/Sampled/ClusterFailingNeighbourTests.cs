using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The model filesystem's clustering -&gt;writepage (xfs_cluster_write, 2.6.29) stops at a
/// neighbour it cannot write, as it does at one it cannot lock: a page of
/// <see cref="SimpleFsOptions.FailingPages"/> is never written as a neighbour, so its failure
/// comes back from -&gt;writepage when the walk hands it over, and a background pass stops there
/// with the error (write_cache_pages before 5.0 and after alike, for WB_SYNC_NONE).
/// </summary>
public sealed class ClusterFailingNeighbourTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void A_neighbour_the_filesystem_cannot_write_ends_the_cluster_and_fails_when_handed_over(KernelEra era)
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = era }, fs: new SimpleFsOptions { ClusterPages = 3, FailingPages = new HashSet<long> { 1 } });

        var result = world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16, RangeStart = 0, RangeEnd = WritebackControl.LLongMax }));

        Assert.Equal(Errno.ENOSPC, result);
        Assert.True(world.Page(0).Writeback);
        Assert.True(world.Page(1).Dirty && !world.Page(1).Writeback);
        Assert.True(world.Page(2).Dirty && !world.Page(2).Writeback);
    }
}
