using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// `wbcheck bios`' report lists the pages the mpage path gave up on (confused) in a table of
/// their own, each with why, under the fallback that wrote them: a page whose two blocks are
/// not contiguous on disk goes to -&gt;writepage (block_write_full_page) [R: mpage_write_page's
/// "confused" label].
/// </summary>
public sealed class MpageReportConfusedTests
{
    [Fact]
    public void A_confused_page_is_listed_with_why()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 16384\nextent 0-2 at 100\nextent 3 at 400\nextent 4-7 at 103\ndirty 0-3\nsync none\n"));

        var text = MpageReport.Render(run);

        Assert.Contains("confused pages, written by ->writepage (block_write_full_page):\npage  why\n", text, StringComparison.Ordinal);
        Assert.Contains("\n1     blocks not contiguous on disk\n", text, StringComparison.Ordinal);
    }
}
