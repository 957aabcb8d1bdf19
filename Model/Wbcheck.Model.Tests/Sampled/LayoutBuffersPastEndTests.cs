using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>A buffers line names a page of the file: pages 0 to PageCount - 1, the one at PageCount refused.</summary>
public sealed class LayoutBuffersPastEndTests
{
    [Fact]
    public void A_buffers_line_for_the_page_just_past_the_file_is_refused()
    {
        // i-size 4096 with 2048-byte blocks: one page, page 0; "buffers 1" is past it.
        Assert.Single(LayoutParser.Parse("block-size 2048\ni-size 4096\nextent 0-1 at 20\nbuffers 0 MU MU\n").Buffers);

        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse("block-size 2048\ni-size 4096\nextent 0-1 at 20\nbuffers 1 MU MU\n"));

        Assert.Equal(4, error.Line);
        Assert.Contains("page 1 is past the end of the file", error.Message);
    }
}
