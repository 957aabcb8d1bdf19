using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_write_full_page (4.9): the page that straddles i_size has its tail zeroed on every
/// write ("zero_user_segment(page, offset, PAGE_SIZE)"), also when mpage handed it over
/// confused before reaching its own zeroing.
/// </summary>
public sealed class WritepageStraddleTests
{
    [Fact]
    public void The_fallback_zeroes_the_tail_of_the_page_that_straddles_i_size()
    {
        // i_size 6144: page 1 holds bytes 4096-6143, blocks 4 (disk 40) and 5 (disk 20), apart on the disk.
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 1024\ni-size 6144\nextent 0-3 at 10\nextent 4 at 40\nextent 5 at 20\ndirty 1\n"));

        Assert.Equal([1L], run.Log.Writepages);
        Assert.Equal(2048, run.Inode.Mapping.Pages.Load(1)!.ZeroFrom);
    }
}
