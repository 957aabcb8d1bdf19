using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A layout's text form is what a counterexample prints for `wbcheck bios` to replay: every
/// directive that changes the run must survive the round trip, bio-alloc-limit too (the
/// bio_alloc failures that make mpage_writepage fall back to ->writepage).
/// </summary>
public sealed class LayoutTextTests
{
    [Fact]
    public void The_bio_alloc_limit_reads_back_from_the_text_form()
    {
        var layout = LayoutParser.Parse("i-size 8192\nextent 0-1 at 5\ndirty 0-1\nbio-alloc-limit 1\n");

        var again = LayoutParser.Parse(layout.ToText());

        Assert.Equal(1, again.BioAllocLimit);
    }
}
