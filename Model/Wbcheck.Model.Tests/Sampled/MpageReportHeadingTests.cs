using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>`wbcheck bios`' report of a read names what was read in its heading, a read of one page too.</summary>
public sealed class MpageReportHeadingTests
{
    [Fact]
    public void The_report_of_a_one_page_readahead_names_the_page()
    {
        var run = MpageScenario.Read(LayoutParser.Parse("i-size 4096\nextent 0 at 30\n"));

        var report = MpageReport.Render(run);

        Assert.Contains("readahead of", report);
        Assert.DoesNotContain("read of no page", report);
    }
}
