using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The layout format's scalar lines take exactly one value, and a line with none or two is refused
/// with a message naming the directive and its form, as a user typing `wbcheck bios` needs it:
/// "block-size takes one value (block-size BYTES), got 0".
/// </summary>
public sealed class LayoutScalarArityTests
{
    [Theory]
    [InlineData("block-size\ni-size 4096", 1, "block-size takes one value (block-size BYTES), got 0")]
    [InlineData("block-size 1024 2048\ni-size 4096", 1, "block-size takes one value (block-size BYTES), got 2")]
    [InlineData("i-size 4096 8192", 1, "i-size takes one value (i-size BYTES), got 2")]
    public void A_scalar_line_without_exactly_one_value_is_refused_naming_its_directive(string text, int line, string reason)
    {
        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse(text));

        Assert.Equal(line, error.Line);
        Assert.Equal(reason, error.Reason);
    }
}
