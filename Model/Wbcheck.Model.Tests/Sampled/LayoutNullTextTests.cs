using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>The layout parser refuses no text at all as a caller's mistake (ArgumentNullException), not as a format error or a crash inside.</summary>
public sealed class LayoutNullTextTests
{
    [Fact]
    public void Parsing_no_text_is_refused_at_the_door()
    {
        var error = Assert.Throws<ArgumentNullException>(() => LayoutParser.Parse(null!));

        Assert.Equal("text", error.ParamName);
    }
}
