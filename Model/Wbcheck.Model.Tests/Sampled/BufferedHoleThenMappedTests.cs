using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// __mpage_writepage (4.9), for a page that has buffers: an unmapped buffer that is not dirty
/// is remembered ("if (first_unmapped == blocks_per_page) first_unmapped = page_block"), and a
/// mapped buffer after it makes the page confused ("if (first_unmapped != blocks_per_page) goto
/// confused"): one bio cannot carry a hole in the middle of a page.
/// </summary>
public sealed class BufferedHoleThenMappedTests
{
    [Fact]
    public void A_buffered_page_with_a_hole_before_a_mapped_block_is_confused()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 4096\nextent 0 at 30 new\nextent 1 at 20\ndirty 0\nbuffers 0 U MDU\n"));

        Assert.Equal([(0L, ConfusedReason.HoleThenMapped)], run.Log.Confused.Select(c => (c.Index, c.Reason)));
    }
}
