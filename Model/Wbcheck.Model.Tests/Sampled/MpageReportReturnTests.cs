using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// `wbcheck bios`' report names what ->writepages returned only when it returned an error
/// (mpage_writepages returns 0 after a write-back that went through): a successful run's report
/// has no "returned" line.
/// </summary>
public sealed class MpageReportReturnTests
{
    [Fact]
    public void A_write_back_that_went_through_reports_no_return_value()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 1024\ni-size 4096\nextent 0-3 at 20\ndirty 0\n"));

        Assert.Equal(0, run.Result);
        Assert.DoesNotContain("returned", MpageReport.Render(run), StringComparison.Ordinal);
    }
}
