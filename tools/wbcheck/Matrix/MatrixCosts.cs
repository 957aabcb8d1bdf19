using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// What each cell of the matrix costs, in CPU seconds (<see cref="MatrixCostTable"/>, in the terms
/// of <c>matrix --json</c>'s <c>cpuSeconds</c>), for <see cref="MatrixOrder"/> to start the
/// dearest first. Only the order reads it, so a stale figure costs wall-clock time, never a
/// verdict. Cells under a second are left out and count as cheap; a column not listed at all
/// counts as the dearest of all (taken first), so that a column added since the table was made
/// cannot be the one left running alone at the end.
/// </summary>
internal static class MatrixCosts
{
    /// <summary>The cells under a second, and the eras a column lists no figure for.</summary>
    private const double Cheap = 0.5;

    private static readonly Dictionary<string, Dictionary<KernelEra, double>> Table = MatrixCostTable.Cells;

    /// <summary>The columns the table knows.</summary>
    public static IEnumerable<string> Columns => Table.Keys;

    /// <summary>The CPU seconds of the cell, or null for a column the table does not know.</summary>
    public static double? Seconds(string column, KernelEra era) =>
        Table.TryGetValue(column, out var byEra) ? byEra.GetValueOrDefault(era, Cheap) : null;
}
