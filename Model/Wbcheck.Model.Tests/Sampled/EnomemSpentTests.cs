using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A transient -ENOMEM (a bio or ioend allocation of ->writepages failing without __GFP_NOFAIL,
/// as do_writepages from 4.12 retries for WB_SYNC_ALL) is transient: once the page's failures are
/// spent, its next write gets its memory and goes to disk. <see cref="SimpleFs.FailingNow"/>, the
/// properties' oracle of which writes fail now, must then no longer list the page: a WB_SYNC_NONE
/// pass (do_writepages returns its -ENOMEM in every era) spends the one failure, and the page's
/// next write succeeds.
/// </summary>
public sealed class EnomemSpentTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_whose_enomem_is_spent_is_no_longer_failing(KernelEra era)
    {
        var world = new World(pages: 2, config: KernelConfig.Default with { Era = era }, fs: new SimpleFsOptions
        {
            AggregateWritepages = true,
            TransientEnomem = new Dictionary<long, int> { [1] = 1 },
        });
        Assert.Equal(Errno.ENOMEM, world.Fs.FailingNow()[1]);

        var first = world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 10 }));

        Assert.Equal(Errno.ENOMEM, first);
        Assert.True(world.Page(1).Dirty);
        Assert.Empty(world.Fs.FailingNow());

        var second = world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 10 }));

        Assert.Equal(0, second);
        Assert.False(world.Page(1).Dirty);
        Assert.True(world.Page(1).Writeback);
    }
}
