using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A layout's ranges are "a" or "a-b" with a &lt;= b: a range whose ends are the same page names
/// that one page; only a
/// range that runs backwards is refused.
/// </summary>
public sealed class LayoutOnePageRangeTests
{
    [Fact]
    public void A_range_from_a_page_to_itself_names_that_page()
    {
        var layout = LayoutParser.Parse("block-size 4096\ni-size 16384\ncached 2-2\n");

        Assert.Equal([2L], layout.CachedPages.ToArray());
        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse("block-size 4096\ni-size 16384\ncached 3-2\n"));
        Assert.Equal(3, error.Line);
    }
}
