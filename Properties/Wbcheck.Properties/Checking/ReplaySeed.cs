using System.Globalization;

namespace Wbcheck.Properties.Checking;

/// <summary>FsCheck's random state (seed, gamma) and, for one failing case, its size.</summary>
public sealed record ReplaySeed(ulong Seed, ulong Gamma, int? Size = null)
{
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

        int? size = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : null;
        return new ReplaySeed(seed, gamma, size);
    }

    public override string ToString() => Size is { } size ? $"({Seed},{Gamma},{size})" : $"({Seed},{Gamma})";
}
