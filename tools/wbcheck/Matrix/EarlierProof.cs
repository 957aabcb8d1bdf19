using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// A holding cell proved by the same column's earlier era. The model tells eras apart only through
/// <see cref="EraBoundaries"/> (a source check keeps it so), and a cell's check is a deterministic
/// run (its budget, seeds and cases the same on every holding era); so when the run on the
/// earlier era consulted no boundary between the two, the run on the later one would make every
/// decision the same, and its verdict, holds, is the earlier one's. Only holding cells are
/// proved so: a bug cell runs itself, for its trace is recorded on its own era.
/// </summary>
internal static class EarlierProof
{
    /// <summary>
    /// The place in <paramref name="cells"/> of the cell that may prove each cell: the same
    /// column's nearest earlier era, when both are expected to hold; -1 where there is none.
    /// </summary>
    public static int[] Sources(IReadOnlyList<(KernelEra Era, MatrixColumn Column)> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var sources = new int[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            sources[i] = -1;
            var (era, column) = cells[i];
            if (column.ExpectedToHold is not { } holds || !holds(era))
            {
                continue;
            }

            for (var j = 0; j < cells.Count; j++)
            {
                if (cells[j].Column == column && cells[j].Era < era && (sources[i] < 0 || cells[j].Era > cells[sources[i]].Era))
                {
                    sources[i] = j;
                }
            }

            if (sources[i] >= 0 && !holds(cells[sources[i]].Era))
            {
                sources[i] = -1;
            }
        }

        return sources;
    }

    /// <summary>
    /// The cell of <paramref name="era"/> proved by <paramref name="earlier"/> (of the same column,
    /// an earlier era, both expected to hold), or null when <paramref name="earlier"/> did not hold
    /// as expected, or its run consulted a boundary between the two eras.
    /// </summary>
    public static MatrixCell? Of(KernelEra era, MatrixCell earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var proof = earlier.ProvedBy ?? earlier.Era;
        if (earlier is not { Matches: true, Found: "holds", NotApplicable: null, Consulted: { } consulted } || proof >= era
            || EraBoundaries.Separates(consulted, proof, era))
        {
            return null;
        }

        return new MatrixCell
        {
            Column = earlier.Column,
            Era = era,
            Expected = "holds",
            Found = "holds",
            Short = "holds",
            Consulted = consulted,
            ProvedBy = proof,
        };
    }
}
