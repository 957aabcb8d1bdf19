using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>A finished matrix: its eras and columns, each cell checked, and how long it took.</summary>
internal sealed record MatrixRun(IReadOnlyList<KernelEra> Eras, IReadOnlyList<MatrixColumn> Columns, IReadOnlyList<MatrixCell> Cells, TimeSpan Elapsed, int Workers)
{
    public MatrixCell Cell(KernelEra era, MatrixColumn column) => Cells.First(c => c.Era == era && c.Column == column.Name);

    public IEnumerable<MatrixCell> Mismatches => Cells.Where(c => !c.Matches);
}
