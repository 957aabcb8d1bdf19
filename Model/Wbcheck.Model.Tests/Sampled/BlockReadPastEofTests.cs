using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_read_full_page (4.9) maps only the blocks inside i_size: lblock = (i_size_read(inode) +
/// blocksize - 1) >> bbits, and "if (iblock &lt; lblock)" get_block; a block at or past lblock is
/// zeroed with no I/O, even where the disk has it mapped. A file of exactly three 1 KiB blocks
/// whose page is confused (a hole at block 1) reads blocks 0 and 2 and zeroes block 3 although an
/// extent maps it.
/// </summary>
public sealed class BlockReadPastEofTests
{
    [Fact]
    public void A_block_past_i_size_is_zeroed_not_read_when_i_size_ends_on_a_block_boundary()
    {
        var run = MpageScenario.Read(LayoutParser.Parse("block-size 1024\ni-size 3072\nextent 0 at 30\nextent 2-3 at 32\n"));

        Assert.NotEmpty(run.Log.Confused);
        var page = run.Inode.Mapping.Pages.Load(0)!;
        Assert.Equal(3 * 1024, page.ZeroFrom);
        Assert.True(page.Uptodate);
    }
}
