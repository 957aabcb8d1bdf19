using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A sequential read of a cached page that is not uptodate (filemap_read's page_not_up_to_date,
/// do_generic_file_read in 4.9) locks it and calls -&gt;readpage, which for a page with buffers is
/// block_read_full_page: only the buffer not uptodate is read, and the read's completion makes
/// the page uptodate and unlocks it. Page 1 of 2 KiB blocks 2 and 3 (disk blocks 32 and 33) has
/// its first buffer uptodate: one read of block 33 alone, 4 sectors at sector 132.
/// </summary>
public sealed class MpageReadCachedPageTests
{
    [Fact]
    public void A_cached_page_with_a_buffer_not_uptodate_is_read_through_readpage()
    {
        var run = MpageScenario.Read(LayoutParser.Parse("block-size 2048\ni-size 12288\nextent 0-5 at 30\nbuffers 1 MU M\nbuffers 2 MU MU\n"));

        var page = run.Inode.Mapping.Pages.Load(1)!;
        Assert.Equal((true, false), (page.Uptodate, page.Locked));
        Assert.Contains(run.Log.Records, bio => bio.Op == BioOp.Read && bio.Sector == 33 * 4 && bio.Sectors == 4);
    }
}
