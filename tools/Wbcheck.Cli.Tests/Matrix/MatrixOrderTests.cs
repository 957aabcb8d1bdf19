using Wbcheck.Cli.Matrix;
using Wbcheck.Model;

namespace Wbcheck.Cli.Tests.Matrix;

/// <summary>The matrix's cells are taken longest first, a column the cost table does not know before any, ties in the run's order.</summary>
public sealed class MatrixOrderTests
{
    private static readonly (KernelEra Era, string Column)[] Cells =
    [
        (KernelEra.V2_6_20, "cheap"), (KernelEra.V6_9, "cheap"),
        (KernelEra.V2_6_20, "dear"), (KernelEra.V6_9, "dear"),
        (KernelEra.V2_6_20, "new"), (KernelEra.V6_9, "new"),
    ];

    private static double? Cost(string column, KernelEra era) => column switch
    {
        "cheap" => 1,
        "dear" when era == KernelEra.V6_9 => 30,
        "dear" => 1,
        _ => null,
    };

    [Fact]
    public void The_costliest_cell_comes_first_an_unknown_column_before_it_and_ties_keep_the_runs_order()
    {
        var order = MatrixOrder.LongestFirst(Cells, Cost);

        Assert.Equal([4, 5, 3, 0, 1, 2], order);
    }

    [Fact]
    public void Every_column_the_cost_table_names_is_a_column_of_the_matrix()
    {
        var columns = MatrixColumns.All.Select(c => c.Name).ToHashSet();

        Assert.All(MatrixCosts.Columns, name => Assert.Contains(name, columns));
        Assert.NotEmpty(MatrixCosts.Columns);
    }

    [Fact]
    public void The_run_reports_its_cells_in_its_own_order_whatever_order_it_took_them_in()
    {
        var eras = new[] { KernelEra.V2_6_20, KernelEra.V6_9 };
        var taken = new List<(KernelEra, string)>();
        var columns = RecordingColumns(taken);
        var inRunOrder = columns.SelectMany(c => eras.Select(e => (e, c.Name))).ToArray();

        var run = MatrixRunner.Run(eras, columns, Context(), 1, new MatrixCounter());

        Assert.Equal(inRunOrder, run.Cells.Select(c => (c.Era, c.Column)));
        Assert.Equal(MatrixOrder.LongestFirst(inRunOrder).Select(i => inRunOrder[i]), taken);
        Assert.NotEqual(inRunOrder, taken);
    }

    [Fact]
    public void With_a_time_limit_the_cells_are_taken_in_the_runs_order()
    {
        var eras = new[] { KernelEra.V2_6_20, KernelEra.V6_9 };
        var taken = new List<(KernelEra, string)>();
        var columns = RecordingColumns(taken);

        MatrixRunner.Run(eras, columns, Context(), 1, new MatrixCounter(), timeout: TimeSpan.FromHours(1));

        Assert.Equal(columns.SelectMany(c => eras.Select(e => (e, c.Name))), taken);
    }

    /// <summary>
    /// Four of the cost table's columns, each checked by a stand-in that adds its cell to
    /// <paramref name="taken"/> when the run takes it.
    /// </summary>
    private static MatrixColumn[] RecordingColumns(List<(KernelEra, string)> taken) =>
        MatrixCosts.Columns.Take(4).Select(name => new MatrixColumn(name, MatrixColumn.ScenarioKind, name, (era, _) =>
        {
            lock (taken)
            {
                taken.Add((era, name));
            }

            return MatrixCell.NotApplicableCell(name, era, "stand-in");
        })).ToArray();

    private static MatrixContext Context() =>
        new(Concurrency.Scenarios.CellBudget.Default, new Concurrency.RunProgress(), new CliEnvironment(false, "wbcheck", "/work/project"));
}
