using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A layout's read line names the pages readahead asks mpage_readpages for (the rest stay out of
/// the cache); without one every page of the file is read.
/// </summary>
public sealed class LayoutReadLineTests
{
    [Fact]
    public void A_read_line_reads_only_the_pages_it_names()
    {
        var layout = LayoutParser.Parse("block-size 1024\ni-size 12288\nextent 0-11 at 40\nread 1\n");

        var run = MpageScenario.Read(layout);

        Assert.Equal([1L], layout.PagesToRead);
        Assert.Null(run.Inode.Mapping.Pages.Load(0));
        Assert.True(run.Inode.Mapping.Pages.Load(1)!.Uptodate);
        Assert.Null(run.Inode.Mapping.Pages.Load(2));
    }

    [Fact]
    public void Without_a_read_line_every_page_is_read()
    {
        Assert.Equal([0L, 1, 2], LayoutParser.Parse("i-size 12288\nextent 0-2 at 40\n").PagesToRead);
    }
}
