using System.Globalization;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Cli.Tests.Fuzz;

/// <summary>
/// The seed the fuzz suite starts from. Fixed by default, so that a test run is reproducible and
/// a submission cannot fail on an input that no earlier run tried; <c>WBCHECK_FUZZ_SEED=random</c>
/// draws a new one each run (a fuzzing campaign), a number fixes another. Only tests read it.
/// </summary>
internal static class FuzzSeed
{
    public const string Variable = "WBCHECK_FUZZ_SEED";

    public const ulong Default = 20261204;

    /// <summary>The seed to replay, or null for a new one.</summary>
    public static ReplaySeed? Replay { get; } = Read();

    private static ReplaySeed? Read()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.Equals(text, "random", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var seed = string.IsNullOrWhiteSpace(text) ? Default
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
            : throw new InvalidOperationException($"{Variable}={text}: expected a number or 'random'");

        // SplitMix's gamma must be odd; the golden ratio's, as the matrix uses.
        return new ReplaySeed(seed, 0x9E3779B97F4A7C15);
    }
}
