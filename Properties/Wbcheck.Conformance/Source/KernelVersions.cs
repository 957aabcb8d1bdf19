namespace Wbcheck.Conformance.Source;

/// <summary>Kernel version strings ("2.6.20", "6.9", "6.12.3") as the tree's Makefile and the targets give them.</summary>
public static class KernelVersions
{
    /// <summary>
    /// Whether a file of <paramref name="found"/> is the one a target of <paramref name="version"/>
    /// (valid up to <paramref name="through"/>, when given) wants: an unknown version fits (a
    /// folder of loose files, a tree without its Makefile); otherwise it must be that version or a
    /// stable release of it, or lie between the two.
    /// </summary>
    public static bool Fits(string? found, string version, string? through = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (found is null || IsRelease(found, version))
        {
            return true;
        }

        return through is not null && Compare(found, version) >= 0 && (IsRelease(found, through) || Compare(found, through) <= 0);
    }

    private static bool IsRelease(string found, string version) =>
        found == version || found.StartsWith(version + ".", StringComparison.Ordinal);

    private static int Compare(string a, string b)
    {
        var left = Parts(a);
        var right = Parts(b);
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var difference = (i < left.Length ? left[i] : 0).CompareTo(i < right.Length ? right[i] : 0);
            if (difference != 0)
            {
                return difference;
            }
        }

        return 0;
    }

    private static int[] Parts(string version) =>
        version.Split('.').Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
}
