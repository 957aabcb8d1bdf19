using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>`wbcheck bios`' report heading names the write-back's sync mode as the layout gives it: `sync all` is WB_SYNC_ALL, the default WB_SYNC_NONE.</summary>
public sealed class MpageReportSyncModeTests
{
    [Theory]
    [InlineData("", "write-back, WB_SYNC_NONE, of dirty pages 0")]
    [InlineData("sync all\n", "write-back, WB_SYNC_ALL, of dirty pages 0")]
    public void The_heading_names_the_sync_mode(string sync, string heading)
    {
        var run = MpageScenario.Write(LayoutParser.Parse($"block-size 1024\ni-size 4096\nextent 0-3 at 20\n{sync}dirty 0\n"));

        Assert.Equal(heading, MpageReport.Render(run).Split('\n')[0]);
    }
}
