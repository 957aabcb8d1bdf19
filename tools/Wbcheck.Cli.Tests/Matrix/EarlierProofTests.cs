using Wbcheck.Cli.Matrix;
using Wbcheck.Model;

namespace Wbcheck.Cli.Tests.Matrix;

/// <summary>
/// A holding cell is proved by the same column's earlier era when that era's run consulted no era
/// boundary between the two, and checked itself when it did; bug cells always run.
/// </summary>
public sealed class EarlierProofTests
{
    [Fact]
    public void A_later_era_is_proved_by_the_earlier_run_that_never_consulted_the_boundary_between()
    {
        var runs = new List<KernelEra>();
        var column = Column(runs, era => era.AtLeast(KernelEra.V6_9));

        var run = MatrixRunner.Run([KernelEra.V6_9, KernelEra.V6_10], [column], Context(), 1, new MatrixCounter());

        Assert.Equal([KernelEra.V6_9], runs);
        Assert.Null(run.Cells[0].ProvedBy);
        Assert.Equal(KernelEra.V6_9, run.Cells[1].ProvedBy);
        Assert.Equal("holds", run.Cells[1].Found);
        Assert.True(run.Cells[1].Matches);
    }

    [Fact]
    public void A_run_that_consults_the_boundary_between_proves_nothing_and_the_later_era_runs_itself()
    {
        var runs = new List<KernelEra>();
        var column = Column(runs, era => era.AtLeast(KernelEra.V6_10));

        var run = MatrixRunner.Run([KernelEra.V6_9, KernelEra.V6_10], [column], Context(), 1, new MatrixCounter());

        Assert.Equal([KernelEra.V6_9, KernelEra.V6_10], runs);
        Assert.All(run.Cells, c => Assert.Null(c.ProvedBy));
    }

    [Fact]
    public void A_chain_of_eras_is_proved_by_its_first_run_up_to_the_first_boundary_it_consulted()
    {
        var runs = new List<KernelEra>();
        var column = Column(runs, era => era.Before(KernelEra.V5_0));
        KernelEra[] eras = [KernelEra.V4_13, KernelEra.V4_17, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

        var run = MatrixRunner.Run(eras, [column], Context(), 2, new MatrixCounter());

        Assert.Equal([KernelEra.V4_13, KernelEra.V5_0], runs.Order());
        Assert.Equal([null, KernelEra.V4_13, KernelEra.V4_13, null, KernelEra.V5_0], run.Cells.Select(c => c.ProvedBy));
    }

    [Fact]
    public void A_cell_expected_to_fail_runs_itself_and_proves_nothing()
    {
        var runs = new List<KernelEra>();
        var column = Column(runs, _ => true) with { ExpectedToHold = era => era != KernelEra.V6_9 };

        var run = MatrixRunner.Run([KernelEra.V5_0, KernelEra.V6_9, KernelEra.V6_10], [column], Context(), 1, new MatrixCounter());

        Assert.Equal([KernelEra.V5_0, KernelEra.V6_9, KernelEra.V6_10], runs.Order());
        Assert.All(run.Cells, c => Assert.Null(c.ProvedBy));
    }

    [Fact]
    public void A_real_scenario_that_never_consults_the_6_10_boundary_is_proved_on_6_10_by_6_9()
    {
        var column = ScenarioColumn.Create(Concurrency.Scenarios.ReclaimWriteout.PinnedName, _ => null);

        var run = MatrixRunner.Run([KernelEra.V6_9, KernelEra.V6_10], [column], Context(), 1, new MatrixCounter());

        Assert.NotNull(run.Cells[0].Consulted);
        Assert.False(EraBoundaries.Separates(run.Cells[0].Consulted!.Value, KernelEra.V6_9, KernelEra.V6_10));
        Assert.Equal(KernelEra.V6_9, run.Cells[1].ProvedBy);
        Assert.True(run.Cells[1].Matches);
    }

    /// <summary>A column expected to hold everywhere whose check records its era in <paramref name="runs"/> and evaluates <paramref name="decide"/> on it, as a model's run would.</summary>
    private static MatrixColumn Column(List<KernelEra> runs, Func<KernelEra, bool> decide) =>
        new("stand-in", MatrixColumn.ScenarioKind, "stand-in", (era, context) =>
        {
            lock (runs)
            {
                runs.Add(era);
            }

            EraBoundaries.Reset();
            _ = decide(era);
            return new MatrixCell { Column = "stand-in", Era = era, Expected = "holds", Found = "holds", Short = "holds", Consulted = EraBoundaries.Reset() };
        })
        {
            ExpectedToHold = _ => true,
        };

    private static MatrixContext Context() =>
        new(Concurrency.Scenarios.CellBudget.Default, new Concurrency.RunProgress(), new CliEnvironment(false, "wbcheck", "/work/project"));
}
