using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>The layout parser refuses every indirect block that maps past the file, the first one too.</summary>
public sealed class LayoutIndirectTests
{
    [Fact]
    public void The_first_indirect_past_the_last_page_is_refused()
    {
        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse("i-size 4096\nindirect 9 maps 1"));

        Assert.Equal(2, error.Line);
        Assert.Contains("file block 1 is past the file's last page", error.Message);
    }
}
