using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Throttle;

/// <summary>
/// The ratelimit's bounds hold, and each injected bug is caught on its smallest machine. Each bug
/// shows on a large share of cases (measured over 1000: 23% for two or more CPUs with 544 to
/// 32768 pages each, 56% for over 32768 pages a CPU), so 1000 cases miss it with odds below 10^-100.
/// </summary>
public sealed class RatelimitPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void The_ratelimit_stays_within_its_documented_bounds()
    {
        PropertyCheck.Run(RatelimitProperty.Name, RatelimitProperty.For(Faults.None), output: output.WriteLine);
    }

    [Fact]
    public void A_ratelimit_not_divided_among_cpus_is_caught_on_the_smallest_machine()
    {
        var failure = Fail(Faults.None with { RatelimitIgnoresCpus = true });

        // 544 pages: a 32nd is 17, over the minimum; two CPUs at 17 each make 34.
        Assert.Contains("2 CPU(s) x ratelimit_pages 17 = 34 pages is more than 1/32 of 544 pages", failure.Message);
        Assert.Equal("2 CPU(s), 544 page(s)", failure.Counterexample);
    }

    [Fact]
    public void A_ratelimit_not_capped_at_four_megabytes_is_caught_on_the_smallest_machine()
    {
        var failure = Fail(Faults.None with { RatelimitNotCapped = true });

        Assert.Contains("ratelimit_pages 1025 is over four megabytes (1024 pages)", failure.Message);
        Assert.Equal("1 CPU(s), 32800 page(s)", failure.Counterexample);
    }

    private static PropertyFailedException Fail(Faults faults) =>
        Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(RatelimitProperty.Name, RatelimitProperty.For(faults)));
}
