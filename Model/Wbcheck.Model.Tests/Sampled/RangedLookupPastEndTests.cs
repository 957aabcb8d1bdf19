using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// generic_writepages of 2.6.20 asks pagevec_lookup_tag for a count of pages, not a range: with a
/// clean page inside the range, the lookup returns a dirty page past its end, which the walk
/// locks, finds past the end ("if (!wbc->range_cyclic &amp;&amp; page->index &gt; end) { done = 1;
/// unlock_page(page); continue; }"), and leaves unlocked and dirty.
/// </summary>
public sealed class RangedLookupPastEndTests
{
    [Fact]
    public void A_page_past_the_range_end_is_unlocked_and_left_dirty()
    {
        var world = new World(pages: 3, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        world.Run(() => world.Pw.DoWritepages(world.Mapping, Range(1, 1)));
        world.CompleteAllIo();
        Assert.False(world.Page(1).Dirty);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, Range(0, 1)));

        Assert.True(world.Page(0).Writeback);
        Assert.Equal("DU", world.Page(2).FlagString());
    }

    private static WritebackControl Range(long first, long last) => new()
    {
        SyncMode = WritebackSyncMode.None,
        NrToWrite = 16,
        RangeStart = first << WritebackControl.PageShift,
        RangeEnd = ((last + 1) << WritebackControl.PageShift) - 1,
    };
}
