using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>bio-max-pages and bio-alloc-limit take 1 to MaxBioMaxPages, both ends included.</summary>
public sealed class LayoutBioLimitTests
{
    [Theory]
    [InlineData("bio-max-pages")]
    [InlineData("bio-alloc-limit")]
    public void The_largest_bio_limit_is_read_and_the_next_refused(string directive)
    {
        const int max = LayoutParser.MaxBioMaxPages;
        var layout = LayoutParser.Parse($"i-size 4096\n{directive} {max}\n");

        Assert.Equal(max, directive == "bio-max-pages" ? layout.BioMaxPages : layout.BioAllocLimit);
        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse($"i-size 4096\n{directive} {max + 1}\n"));
        Assert.Contains($"between 1 and {max}", error.Message);
    }
}
