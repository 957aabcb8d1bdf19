using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// write_cache_pages from 2.6.29 to 4.19: a range_cyclic pass that reached the end of the file
/// with work left wraps to index 0 with "end = writeback_index - 1", so the second scan stops
/// below the page the pass began at, and writeback_index becomes the last page that scan looked
/// at (2.6.29 to 3.18: the one after it). A page left dirty above writeback_index (skipped by
/// WB_SYNC_NONE while under writeback) is not looked at again by the wrap.
/// </summary>
public sealed class CyclicWrapEndTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29, 1)]
    [InlineData(KernelEra.V4_17, 0)]
    public void The_wrapped_scan_stops_below_the_page_the_pass_began_at(KernelEra era, long writebackIndex)
    {
        var world = new World(pages: 6, config: new KernelConfig { Era = era });
        // Pages 1..5 under writeback (their I/O not completed), then page 5 dirtied again.
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 100, RangeStart = 1L << WritebackControl.PageShift }));
        world.Run(async () => await world.Pw.FolioMarkDirty(world.Page(5)));
        Assert.True(world.Page(5).Writeback && world.Page(5).Dirty && world.Page(0).Dirty && !world.Page(0).Writeback);
        world.Mapping.WritebackIndex = 3;

        // From 3: page 5 is under writeback and skipped; the wrap writes page 0 and ends at 2.
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 100, RangeCyclic = true }));

        Assert.True(world.Page(0).Writeback);
        Assert.True(world.Page(5).Dirty);
        Assert.Equal(writebackIndex, world.Mapping.WritebackIndex);
    }
}
