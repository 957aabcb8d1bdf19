using System.Globalization;
using System.Text;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>The layout format's limits are exact: at most MaxExtents extent lines, an i-size from 1 byte to MaxSize.</summary>
public sealed class LayoutLimitTests
{
    [Fact]
    public void The_extent_limit_is_exact()
    {
        const int limit = LayoutParser.MaxExtents;
        var text = new StringBuilder($"block-size 512\ni-size {(limit + 1) * 512}\n");
        for (var block = 0; block < limit; block++)
        {
            text.Append(CultureInfo.InvariantCulture, $"extent {block} at {2 * block}\n");
        }

        Assert.Equal(limit, LayoutParser.Parse(text.ToString()).Extents.Count());

        text.Append(CultureInfo.InvariantCulture, $"extent {limit} at {2 * limit}\n");
        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse(text.ToString()));
        Assert.Equal(limit + 3, error.Line);
        Assert.Contains($"more than {limit} extent lines", error.Message);
    }

    [Fact]
    public void The_smallest_and_largest_sizes_are_read_and_the_next_ones_refused()
    {
        Assert.Equal(1, LayoutParser.Parse("i-size 1\n").Size);
        Assert.Equal(LayoutParser.MaxSize, LayoutParser.Parse($"i-size {LayoutParser.MaxSize}\n").Size);
        Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse("i-size 0\n"));
        Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse($"i-size {LayoutParser.MaxSize + 1}\n"));
    }
}
