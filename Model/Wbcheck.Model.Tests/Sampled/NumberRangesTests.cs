using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The layout format and the reports write ascending numbers as runs ("0-3 5 7-8"): a run of any
/// length is one range, and the text reads back as the same pages.
/// </summary>
public sealed class NumberRangesTests
{
    [Fact]
    public void Ascending_numbers_are_written_as_runs()
    {
        Assert.Equal("0-3 5 7-8", NumberRanges.Format([0, 1, 2, 3, 5, 7, 8]));
        Assert.Equal("4-9", NumberRanges.Format([4, 5, 6, 7, 8, 9]));
    }

    [Fact]
    public void A_long_dirty_run_reads_back_from_the_text_form()
    {
        var layout = LayoutParser.Parse("block-size 4096\ni-size 40960\nextent 0-9 at 20\ndirty 1-6 8\n");

        Assert.Contains("dirty 1-6 8", layout.ToText());
        Assert.Equal([1L, 2, 3, 4, 5, 6, 8], LayoutParser.Parse(layout.ToText()).DirtyPages.ToArray());
    }
}
