using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// The order the workers take the cells in: longest first (LPT, Graham's rule), from the CPU
/// seconds <see cref="MatrixCosts"/> measured, so the costliest cells start at once and the cheap
/// ones fill in at the end and the workers finish together; a worker that took a 40-second cell
/// last would leave the other idle meanwhile. A column the table does not know is taken first,
/// as if it were the costliest, so a new column can never be the straggler. Ties keep the run's
/// own order (column by column, era by era). Only the order of the work changes: each cell's
/// check, seeds and place in the results do not depend on it.
/// </summary>
internal static class MatrixOrder
{
    /// <summary>The places in <paramref name="cells"/>, costliest first.</summary>
    public static int[] LongestFirst(IReadOnlyList<(KernelEra Era, string Column)> cells, Func<string, KernelEra, double?>? cost = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        cost ??= MatrixCosts.Seconds;
        return [.. Enumerable.Range(0, cells.Count).OrderByDescending(i => cost(cells[i].Column, cells[i].Era) ?? double.PositiveInfinity)];
    }
}
