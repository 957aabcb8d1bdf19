using System.Diagnostics;
using Wbcheck.Concurrency;
using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// Checks every (era, column) cell on a few worker threads, each cell alone on one thread (a
/// cell's DFS cannot be split, and its result must not depend on how many workers there are).
/// Cells are taken column by column, so the costly scenarios start first. A cell whose check
/// throws is a mismatch that says so, not the end of the run. A shard checks only the cells it
/// owns by their place in that order (<see cref="Share"/>), so the shards of one run check each
/// cell exactly once.
/// </summary>
internal static class MatrixRunner
{
    public static MatrixRun Run(IReadOnlyList<KernelEra> eras, IReadOnlyList<MatrixColumn> columns, MatrixContext context, int workers, MatrixCounter counter, Shard? shard = null)
    {
        var clock = Stopwatch.StartNew();
        var all = columns.SelectMany(column => eras.Select(era => (Era: era, Column: column))).ToArray();
        var work = Share(all.Length, shard ?? Shard.Whole).Select(index => all[index]).ToArray();
        var cells = new MatrixCell[work.Length];
        var next = -1;
        void Worker()
        {
            for (var index = Interlocked.Increment(ref next); index < work.Length; index = Interlocked.Increment(ref next))
            {
                var (era, column) = work[index];
                cells[index] = Check(column, era, context);
                counter.Finished(cells[index]);
            }
        }

        var threads = Enumerable.Range(0, Math.Clamp(workers, 1, Math.Max(1, work.Length)))
            .Select(i => new Thread(Worker) { Name = $"wbcheck matrix {i}", IsBackground = true })
            .ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return new MatrixRun(eras, columns, cells, clock.Elapsed, threads.Length);
    }

    /// <summary>The places, in the whole run's order, of the cells <paramref name="shard"/> checks out of <paramref name="total"/>.</summary>
    public static int[] Share(int total, Shard shard) => [.. Enumerable.Range(0, total).Where(shard.Owns)];

    private static MatrixCell Check(MatrixColumn column, KernelEra era, MatrixContext context)
    {
        try
        {
            return column.Check(era, context);
        }
        catch (Exception exception)
        {
            return new MatrixCell
            {
                Column = column.Name,
                Era = era,
                Expected = "?",
                Found = "error",
                Short = "error",
                Problem = $"the check failed: {exception.GetType().Name}: {Messages.OneLine(exception)}",
            };
        }
    }
}
