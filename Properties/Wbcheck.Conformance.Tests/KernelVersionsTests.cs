using Wbcheck.Conformance.Source;

namespace Wbcheck.Conformance.Tests;

public sealed class KernelVersionsTests
{
    [Theory]
    [InlineData(null, "6.9", null, true)]
    [InlineData("6.9", "6.9", null, true)]
    [InlineData("6.9.3", "6.9", null, true)]
    [InlineData("6.10", "6.9", null, false)]
    [InlineData("6.10", "6.9", "6.12", true)]
    [InlineData("6.12.7", "6.9", "6.12", true)]
    [InlineData("6.13", "6.9", "6.12", false)]
    [InlineData("6.8", "6.9", "6.12", false)]
    [InlineData("2.6.20", "6.9", "6.12", false)]
    [InlineData("2.6.2", "2.6.20", null, false)]
    public void A_tree_fits_a_target_of_its_version_or_within_its_range(string? found, string version, string? through, bool fits) =>
        Assert.Equal(fits, KernelVersions.Fits(found, version, through));
}
