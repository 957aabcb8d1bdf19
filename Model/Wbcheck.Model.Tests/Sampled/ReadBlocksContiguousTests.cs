using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_mpage_readpage (fs/mpage.c): for each block of the page after the first, mapped by its
/// own get_block call, "if (page_block &amp;&amp; blocks[page_block-1] != map_bh-&gt;b_blocknr-1)
/// goto confused;": the page goes through one bio only when each block is on the disk block
/// right after the one before. With 2 KiB blocks a 4 KiB page has two; each extent below maps
/// one, so get_block is called for each.
/// </summary>
public sealed class ReadBlocksContiguousTests
{
    [Theory]
    [InlineData(11, false)] // 10 then 11: 10 == 11 - 1, contiguous, one bio
    [InlineData(12, true)] // 10 then 12: 10 != 12 - 1, confused (block_read_full_page)
    public void A_page_whose_second_block_is_not_right_after_the_first_is_confused(int secondBlock, bool confused)
    {
        var run = MpageScenario.Read(LayoutParser.Parse($"block-size 2048\ni-size 4096\nextent 0 at 10\nextent 1 at {secondBlock}\n"));

        Assert.Equal(confused ? [ConfusedReason.Discontiguous] : [], run.Log.Confused.Select(c => c.Reason));
    }
}
