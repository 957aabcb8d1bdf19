using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// write_cache_pages before writeback_iter (mm/page-writeback.c, 2.6.29 to 6.8): where an error
/// from -&gt;writepage ends the pass (always before 5.0; from 5.0 only for WB_SYNC_NONE, since
/// integrity writeback keeps going, 3fa750dcf29e), nothing after the failing page is written.
/// </summary>
public sealed class WriteCachePagesClassicTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29, WritebackSyncMode.None, 31)]
    [InlineData(KernelEra.V2_6_29, WritebackSyncMode.All, 31)]
    [InlineData(KernelEra.V5_0, WritebackSyncMode.None, 31)]
    [InlineData(KernelEra.V5_0, WritebackSyncMode.None, 1)]
    [InlineData(KernelEra.V2_6_29, WritebackSyncMode.All, 1)]
    public void An_error_ends_the_pass_at_the_failing_page(KernelEra era, WritebackSyncMode mode, int batchSize)
    {
        // A batch (pagevec) of one page: the pages after the failing one are in later lookups,
        // which an ended pass does not make.
        var world = new World(pages: 4, config: new KernelConfig { Era = era, BatchSize = batchSize }, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 1 } });
        var wbc = new WritebackControl { SyncMode = mode, NrToWrite = 16 };

        Assert.Equal(Errno.ENOSPC, world.Run(() => world.Pw.DoWritepages(world.Mapping, wbc)));

        Assert.True(world.Page(0).Writeback);
        Assert.True(world.Page(1).Dirty && !world.Page(1).Writeback);
        Assert.All(new[] { 2L, 3L }, index => Assert.True(world.Page(index).Dirty && !world.Page(index).Writeback, $"page {index}"));
    }

    [Fact]
    public void From_5_0_an_integrity_pass_goes_on_past_the_error()
    {
        var world = new World(pages: 4, config: new KernelConfig { Era = KernelEra.V5_0 }, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 1 } });

        Assert.Equal(Errno.ENOSPC, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));

        Assert.All(new[] { 0L, 2L, 3L }, index => Assert.True(world.Page(index).Writeback, $"page {index}"));
    }

    [Fact]
    public void A_page_redirtied_under_writeback_is_skipped_by_background_writeback_and_waited_on_by_integrity()
    {
        // 5.0's write_cache_pages: "if (PageWriteback(page)) { if (wbc->sync_mode != WB_SYNC_NONE)
        // wait_on_page_writeback(page); else goto continue_unlock; }".
        var world = new World(pages: 2, config: new KernelConfig { Era = KernelEra.V5_0 });
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        Assert.True(world.Page(0).Writeback);
        world.Run(() => world.Pw.FolioMarkDirty(world.Page(0)));

        // Background: page 0 is passed over (no wait: the sequential runtime would report one), page 1 written.
        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 })));
        Assert.True(world.Page(0).Dirty);
        Assert.True(world.Page(1).Writeback);

        // Integrity: page 0's writeback is waited out, and the page written again.
        world.Runtime.RunPendingWhenBlocked = true;
        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));
        Assert.False(world.Page(0).Dirty);
        Assert.True(world.Page(0).Writeback);
    }
}
