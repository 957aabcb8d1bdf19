using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// __mpage_writepage (4.9), for a page that has buffers: "if (page_block) { if (bh-&gt;b_blocknr !=
/// blocks[page_block-1] + 1) goto confused; }": a page whose second block is not next to its
/// first on the disk cannot go in one bio, and is handed to -&gt;writepage.
/// </summary>
public sealed class BufferedDiscontiguousTests
{
    [Fact]
    public void A_buffered_page_whose_second_block_is_apart_is_confused()
    {
        // Page 1 = blocks 2 (disk 12) and 3 (disk 50), both buffers mapped, dirty and uptodate.
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 8192\nextent 0-2 at 10\nextent 3 at 50\ndirty 0-1\nbuffers 1 MDU MDU\n"));

        Assert.Equal([(1L, ConfusedReason.Discontiguous)], run.Log.Confused.Select(c => (c.Index, c.Reason)));
        Assert.Equal([1L], run.Log.Writepages);
    }
}
