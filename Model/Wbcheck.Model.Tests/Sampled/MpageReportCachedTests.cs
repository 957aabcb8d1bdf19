using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// `wbcheck bios`' report of a read tells apart the cached pages a read asks for: one with a
/// buffer not uptodate goes to -&gt;readpage, one whose buffers are all uptodate is left alone.
/// </summary>
public sealed class MpageReportCachedTests
{
    [Fact]
    public void The_heading_names_the_cached_page_that_needs_readpage_and_the_one_that_does_not()
    {
        var run = MpageScenario.Read(LayoutParser.Parse("block-size 2048\ni-size 12288\nextent 0-5 at 30\nbuffers 1 MU M\nbuffers 2 MU MU\n"));

        var report = MpageReport.Render(run);

        Assert.Contains("->readpage of page 1 (cached, not uptodate)", report);
        Assert.Contains("page 2 cached and uptodate", report);
    }
}
