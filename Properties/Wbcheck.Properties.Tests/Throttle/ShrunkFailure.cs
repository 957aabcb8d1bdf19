using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Throttle;

/// <summary>A throttle property run that must fail: the failure and the case FsCheck shrank it to.</summary>
internal static class ShrunkFailure
{
    /// <summary>
    /// Check every case of <paramref name="cases"/> with <paramref name="check"/> (null: it holds) from
    /// the matrix's seed; it must fail. FsCheck's last failing case is the shrunk one, returned with the failure.
    /// </summary>
    public static (PropertyFailedException Failure, T Smallest) Find<T>(string name, Arbitrary<T> cases, Func<T, string?> check, ITestOutputHelper output, int? maxTest = null)
        where T : class
    {
        T? smallest = null;
        var property = Prop.ForAll(cases, c =>
        {
            var violation = check(c);
            if (violation is not null)
            {
                smallest = c;
            }

            return violation is null ? true.ToProperty() : false.Label(violation);
        });

        var options = PropertyOptions.Default with { Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) };
        if (maxTest is { } most)
        {
            options = options with { MaxTest = most };
        }

        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(name, property, options));
        output.WriteLine(failure.Message);
        Assert.NotNull(smallest);
        return (failure, smallest);
    }
}
