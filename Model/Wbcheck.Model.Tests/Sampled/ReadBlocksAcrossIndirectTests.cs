using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_mpage_readpage (fs/mpage.c) with a page whose two blocks come from two get_block calls
/// although they are on consecutive disk blocks: the second is mapped through an indirect block
/// the first is not (ext2's first indirect block), so get_block's run ends after the first.
/// "if (page_block &amp;&amp; blocks[page_block-1] != map_bh-&gt;b_blocknr-1) goto confused" compares
/// the disk blocks, not the calls: disk blocks 10 and 11 still go in one bio; 10 and 12 do not.
/// (<see cref="ReadBlocksContiguousTests"/>' two extents are one run of get_block's when
/// contiguous, so only its discontiguous case reaches the check.)
/// </summary>
public sealed class ReadBlocksAcrossIndirectTests
{
    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    public void A_page_mapped_by_two_get_block_calls_is_confused_only_when_its_disk_blocks_are_not_consecutive(int secondBlock, bool confused)
    {
        var run = MpageScenario.Read(LayoutParser.Parse($"block-size 2048\ni-size 4096\nextent 0 at 10\nindirect 20 maps 1\nextent 1 at {secondBlock}\n"));

        Assert.Equal(confused ? [ConfusedReason.Discontiguous] : [], run.Log.Confused.Select(c => c.Reason));
    }
}
