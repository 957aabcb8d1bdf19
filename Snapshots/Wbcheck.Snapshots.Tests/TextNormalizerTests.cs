namespace Wbcheck.Snapshots.Tests;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("a\r\nb", "a\nb\n")]
    [InlineData("a\rb\r", "a\nb\n")]
    [InlineData("\uFEFFa\n", "a\n")]
    [InlineData("a\n\n\n", "a\n")]
    [InlineData("a\n\nb", "a\n\nb\n")]
    [InlineData("", "\n")]
    [InlineData("a  ", "a  \n")]
    public void Text_is_LF_with_one_trailing_newline_and_no_BOM(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }
}
