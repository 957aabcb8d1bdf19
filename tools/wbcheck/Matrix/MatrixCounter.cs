namespace Wbcheck.Cli.Matrix;

/// <summary>Cells of a matrix run finished so far, and how many did not match, for the progress display.</summary>
internal sealed class MatrixCounter
{
    private int done;
    private int mismatches;

    public int Done => Volatile.Read(ref done);

    public int Mismatches => Volatile.Read(ref mismatches);

    internal void Finished(MatrixCell cell)
    {
        if (!cell.Matches)
        {
            Interlocked.Increment(ref mismatches);
        }

        Interlocked.Increment(ref done);
    }
}
