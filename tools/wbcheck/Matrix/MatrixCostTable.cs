using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// The cells' CPU seconds for <see cref="MatrixCosts"/>: every column of the matrix, with the cells
/// of a second or more, from `matrix --json` (cpuSeconds; BENCHMARKS.md, 2026-12-06). Made by a
/// script from that output, not by hand: cells under a second are left out.
/// </summary>
internal static class MatrixCostTable
{
    public static Dictionary<string, Dictionary<KernelEra, double>> Measured { get; } = new(StringComparer.Ordinal)
    {
        ["tag/flag coherence"] = new() { [KernelEra.V2_6_20] = 60, [KernelEra.V2_6_29] = 20, [KernelEra.V2_6_36] = 18 },
        ["fsync-vs-truncate"] = new() { [KernelEra.V6_9] = 10 },
        ["realfs-cluster-partial"] = new() { [KernelEra.V6_9] = 10 },
        ["background-vs-reclaim-truncate"] = new() { [KernelEra.V6_9] = 20 },
    };
}
