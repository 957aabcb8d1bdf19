using System.Text.RegularExpressions;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>`wbcheck bios`' report lays its tables out as the CLI's tables are: a header, a rule of dashes under each column, the rows.</summary>
public sealed class MpageReportTableTests
{
    private static readonly Regex Rule = new("^-+( +-+)*$", RegexOptions.CultureInvariant);

    [Fact]
    public void Each_table_has_a_rule_under_its_header()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 12288\nextent 0-2 at 10\nextent 3 at 50\nextent 4-5 at 13\ndirty 0-2\n"));

        var lines = MpageReport.Render(run).Split('\n');

        var rules = Enumerable.Range(1, lines.Length - 1).Where(i => Rule.IsMatch(lines[i])).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, i => Assert.False(string.IsNullOrWhiteSpace(lines[i - 1]) || Rule.IsMatch(lines[i - 1]), lines[i - 1]));
    }
}
