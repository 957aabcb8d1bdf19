using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// `wbcheck bios`' report is laid out as the CLI's tables are: the heading, the file's geometry,
/// a blank line, then the table of bios, its header, a rule of dashes under it, and one row a bio.
/// A read of two discontiguous extents gives two bios, so the rule's place is seen between rows.
/// </summary>
public sealed class MpageReportLayoutTests
{
    [Fact]
    public void The_bios_table_follows_a_blank_line_and_its_header_has_the_rule_under_it()
    {
        var run = MpageScenario.Read(LayoutParser.Parse("block-size 4096\ni-size 8192\nextent 0 at 30\nextent 1 at 40\n"));

        var lines = MpageReport.Render(run).Split('\n');

        Assert.True(run.Log.Records.Count >= 2, $"{run.Log.Records.Count} bios");
        Assert.StartsWith("block size 4096, i_size 8192", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.StartsWith("#", lines[3]);
        Assert.Matches("^-+( +-+)+$", lines[4]);
        Assert.StartsWith("1 ", lines[5]);
        Assert.StartsWith("2 ", lines[6]);
    }
}
