using Wbcheck.Cli.Output;

namespace Wbcheck.Cli.Tests.Output;

/// <summary>Aligned text tables, with headers over several lines for long column names.</summary>
public sealed class TextTableTests
{
    [Fact]
    public void Headers_over_several_lines_are_aligned_at_the_bottom()
    {
        var table = new TextTable("era", TextTable.Wrap("background-vs-reclaim-truncate", 14), "x").Add("2.6.20", "holds", "1");

        Assert.Equal(
            "        background-vs-\n" +
            "        reclaim-\n" +
            "era     truncate        x\n" +
            "------  --------------  -\n" +
            "2.6.20  holds           1\n",
            table.ToString());
    }

    [Theory]
    [InlineData("fsync-vs-dirtier", 14, "fsync-vs-\ndirtier")]
    [InlineData("short", 14, "short")]
    [InlineData("averyveryverylongword-x", 5, "averyveryverylongword-\nx")]
    public void Names_wrap_after_hyphens(string name, int width, string wrapped) => Assert.Equal(wrapped, TextTable.Wrap(name, width));

    [Fact]
    public void A_row_of_the_wrong_width_is_refused() =>
        Assert.Throws<ArgumentException>(() => new TextTable("a", "b").Add("only one"));
}
