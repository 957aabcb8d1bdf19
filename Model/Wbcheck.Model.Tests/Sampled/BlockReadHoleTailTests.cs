using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_read_full_page (4.9), mpage's fallback for a confused page: a block that maps to no
/// disk block is zeroed, with no I/O (zero_user(page, i * blocksize, blocksize)). A hole in the
/// last block of the page zeroes the page's tail, which the model tracks.
/// </summary>
public sealed class BlockReadHoleTailTests
{
    [Fact]
    public void A_confused_read_zeroes_a_hole_in_the_pages_last_block()
    {
        // Block 1 is a hole before the mapped block 2: do_mpage_readpage is confused and hands the
        // page to block_read_full_page, which reads blocks 0 and 2 and zeroes blocks 1 and 3.
        var run = MpageScenario.Read(LayoutParser.Parse("block-size 1024\ni-size 4096\nextent 0 at 30\nextent 2 at 32\n"));

        Assert.NotEmpty(run.Log.Confused);
        var page = run.Inode.Mapping.Pages.Load(0)!;
        Assert.Equal(3 * 1024, page.ZeroFrom);
        Assert.True(page.Uptodate);
    }
}
