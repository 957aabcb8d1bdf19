using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// What each cell of the matrix cost, in CPU seconds, as <c>matrix --json</c> measured it
/// (<c>cpuSeconds</c>), for <see cref="MatrixOrder"/> to start the dearest first. Only the order
/// reads it, so a stale figure costs wall-clock time, never a verdict. Cells under a second are
/// left out and count as cheap; a column not listed at all counts as the dearest of all (taken
/// first, measured by the next run), so that a new column cannot be the one left running alone at
/// the end. Measured as BENCHMARKS.md's section of 2026-12-06 says; run `matrix --json` and take
/// the cells' cpuSeconds again when a column's cost moves.
/// </summary>
internal static class MatrixCosts
{
    /// <summary>The cells under a second, and the eras a column lists no figure for.</summary>
    private const double Cheap = 0.5;

    private static readonly Dictionary<string, Dictionary<KernelEra, double>> Table = MatrixCostTable.Measured;

    /// <summary>The columns the table knows.</summary>
    public static IEnumerable<string> Columns => Table.Keys;

    /// <summary>The CPU seconds of the cell, or null for a column the table does not know.</summary>
    public static double? Seconds(string column, KernelEra era) =>
        Table.TryGetValue(column, out var byEra) ? byEra.GetValueOrDefault(era, Cheap) : null;
}
