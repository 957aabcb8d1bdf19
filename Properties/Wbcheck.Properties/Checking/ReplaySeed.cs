using System.Globalization;

namespace Wbcheck.Properties.Checking;

/// <summary>FsCheck's random state (seed, gamma) and, for one failing case, its size.</summary>
public sealed record ReplaySeed(ulong Seed, ulong Gamma, int? Size = null)
{
    /// <summary>The largest size a replay may ask for: FsCheck's cases grow with it, and its runs stop at 100.</summary>
    public const int MaxSize = 1_000;

    /// <summary>Parse "(seed,gamma)" or "(seed,gamma,size)", as a failure message prints it.</summary>
    public static ReplaySeed Parse(string text)
    {
        var parts = text.Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3
            || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out var seed)
            || !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var gamma))
        {
            throw new FormatException($"'{text}' is not a replay seed; expected (seed,gamma) or (seed,gamma,size)");
        }

        // FsCheck's random state is SplitMix64, whose gamma is odd: an even one is no state it printed.
        if (gamma % 2 == 0)
        {
            throw new FormatException($"'{text}' is not a replay seed: its gamma {gamma} is even, and FsCheck's are odd");
        }

        if (parts.Length == 2)
        {
            return new ReplaySeed(seed, gamma);
        }

        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size > MaxSize)
        {
            throw new FormatException($"'{text}' is not a replay seed: its size '{parts[2]}' is not a whole number from 0 to {MaxSize}");
        }

        return new ReplaySeed(seed, gamma, size);
    }

    public override string ToString() => Size is { } size ? $"({Seed},{Gamma},{size})" : $"({Seed},{Gamma})";
}
