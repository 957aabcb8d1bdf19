using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A layout's text form is what a counterexample prints for `wbcheck bios` to replay, and a
/// shrunk counterexample often has a single dirty page: the text must name it, or the replay
/// writes nothing.
/// </summary>
public sealed class LayoutOneDirtyPageTextTests
{
    [Fact]
    public void A_layout_with_one_dirty_page_names_it_in_its_text_form()
    {
        var layout = LayoutParser.Parse("i-size 8192\nextent 0-1 at 5\ndirty 1\n");

        var text = layout.ToText();

        Assert.Contains("dirty 1\n", text);
        Assert.Equal(new[] { 1L }, LayoutParser.Parse(text).DirtyPages.ToArray());
    }
}
