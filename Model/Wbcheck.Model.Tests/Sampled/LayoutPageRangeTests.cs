using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A page range of a layout may be as long as the largest file the format allows (MaxPages
/// pages), exactly: every page of a file of MaxSize can be named in one range.
/// </summary>
public sealed class LayoutPageRangeTests
{
    [Fact]
    public void A_range_of_every_page_of_the_largest_file_is_read()
    {
        var last = LayoutParser.MaxPages - 1;

        var layout = LayoutParser.Parse($"block-size 4096\ni-size {LayoutParser.MaxSize}\ncached 0-{last}\n");

        Assert.Equal(LayoutParser.MaxPages, layout.CachedPages.Length);
        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse($"block-size 4096\ni-size {LayoutParser.MaxSize}\ncached 0-{last + 1}\n"));
        Assert.Equal(3, error.Line);
    }
}
