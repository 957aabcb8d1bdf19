using System.Diagnostics;
using Wbcheck.Concurrency;
using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// Checks every (era, column) cell on a few worker threads, each cell alone on one thread (a
/// cell's DFS cannot be split, and its result must not depend on how many workers there are).
/// Cells are taken longest first (<see cref="MatrixOrder"/>), so the workers end together (with a
/// time limit, in the run's order), and
/// reported in the run's order, column by column, era by era. A cell whose check
/// throws is a mismatch that says so, not the end of the run. A shard checks only the cells it
/// owns by their place in that order (<see cref="Share"/>), so the shards of one run check each
/// cell exactly once. With a time limit, no cell starts after it, and the run returns when it is
/// up: every cell not finished by then is <see cref="MatrixCell.NotCheckedCell"/> (one still
/// running goes on, on a background thread, until it ends or the process does). A holding cell
/// whose earlier era's cell may prove it (<see cref="EarlierProof"/>) waits for that cell, which
/// is taken first when the order reaches the later one, and is proved by it or, if its run
/// consulted an era boundary between the two, checked.
/// </summary>
internal static class MatrixRunner
{
    public static MatrixRun Run(IReadOnlyList<KernelEra> eras, IReadOnlyList<MatrixColumn> columns, MatrixContext context, int workers, MatrixCounter counter, Shard? shard = null, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var all = columns.SelectMany(column => eras.Select(era => (Era: era, Column: column))).ToArray();
        var work = Share(all.Length, shard ?? Shard.Whole).Select(index => all[index]).ToArray();
        // With a time limit, the run's own order, as before: longest first would start the dearest
        // cells, which the limit then leaves running on background threads of an in-process
        // caller (the fuzz suite runs many matrices with limits in one process).
        var order = timeout is null ? MatrixOrder.LongestFirst([.. work.Select(w => (w.Era, w.Column.Name))]) : [.. Enumerable.Range(0, work.Length)];
        var cells = new MatrixCell[work.Length];
        var sources = EarlierProof.Sources(work);
        var taking = new Taking(order, sources);
        void Worker()
        {
            for (var index = taking.Next(TimeUp); index >= 0; index = taking.Next(TimeUp))
            {
                var (era, column) = work[index];
                var earlier = sources[index] >= 0 ? Volatile.Read(ref cells[sources[index]]) : null;
                var cell = Check(column, era, context, earlier);
                Volatile.Write(ref cells[index], cell);
                counter.Finished(cell);
                taking.Finished(index);
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
            if (timeout is { } limit)
            {
                thread.Join(TimeSpan.FromTicks(Math.Max(0, (limit - clock.Elapsed).Ticks)));
            }
            else
            {
                thread.Join();
            }
        }

        var finished = work.Select((cell, index) => Volatile.Read(ref cells[index]) ?? MatrixCell.NotCheckedCell(cell.Column.Name, cell.Era)).ToArray();
        return new MatrixRun(eras, columns, finished, clock.Elapsed, threads.Length);

        bool TimeUp() => timeout is { } limit && clock.Elapsed >= limit;
    }

    /// <summary>The places, in the whole run's order, of the cells <paramref name="shard"/> checks out of <paramref name="total"/>.</summary>
    public static int[] Share(int total, Shard shard) => [.. Enumerable.Range(0, total).Where(shard.Owns)];

    private static MatrixCell Check(MatrixColumn column, KernelEra era, MatrixContext context, MatrixCell? earlier)
    {
        var clock = Stopwatch.StartNew();
        var cpu = ThreadCpu.Now();
        var cell = (earlier is null ? null : EarlierProof.Of(era, earlier)) ?? CheckOrSayWhy(column, era, context);
        var used = ThreadCpu.Now() - cpu;
        return cell with { Cost = cell.Cost.Timed(clock.Elapsed, used) };
    }

    private static MatrixCell CheckOrSayWhy(MatrixColumn column, KernelEra era, MatrixContext context)
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
