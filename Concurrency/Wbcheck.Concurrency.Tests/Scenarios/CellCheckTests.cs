using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The cell check says when a cell does not match: each way of not matching is provoked by
/// checking a cell against a wrong expectation or too small a budget.
/// </summary>
public sealed class CellCheckTests
{
    private static readonly ExpectedBug WriteFaultBug = Expectations.For(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20)!;

    [Fact]
    public void A_bug_where_the_cell_should_hold_is_a_mismatch_with_its_trace()
    {
        var result = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, expected: null, CellBudget.Default);

        Assert.False(result.Matches);
        Assert.StartsWith("expected it to hold, found safety-monitor: ", result.Problem, StringComparison.Ordinal);
        Assert.Equal("safety-monitor (accounting)", result.Found);
        Assert.NotNull(result.Bug);
        Assert.True(TestingEngine.Replay(result.Program!, result.Bug).Reproduced);
    }

    [Fact]
    public void Nothing_found_where_a_bug_is_expected_is_a_mismatch()
    {
        var result = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V6_9, WriteFaultBug, CellBudget.Default with { FindIterations = 50 });

        Assert.False(result.Matches);
        Assert.StartsWith("expected safety-monitor (accounting) or safety-monitor (truncate and reclaim safety), found nothing: ", result.Problem, StringComparison.Ordinal);
        Assert.Equal(["pct", "random"], result.Runs.Select(r => r.Configuration.Strategy));
        Assert.Equal("holds", result.Found);
    }

    [Fact]
    public void Another_bug_than_the_expected_one_is_a_mismatch()
    {
        var deadlock = WriteFaultBug with { Kind = BugKind.Deadlock, Source = "", Or = null };

        var result = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, deadlock, CellBudget.Default);

        Assert.False(result.Matches);
        Assert.StartsWith("expected deadlock, found safety-monitor: ", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_two_faces_accepts_either_and_names_the_fix_of_the_one_met()
    {
        var found = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20).Bug!.Bug;
        var fixA = "fix of the face met";
        var fixB = "fix of the other face";
        var metFirst = new ExpectedBug(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, KernelEra.V3_19, found.Kind, found.Source, fixA)
        {
            Or = new BugFace(BugKind.Deadlock, "", fixB),
        };
        var metSecond = new ExpectedBug(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, KernelEra.V3_19, BugKind.Deadlock, "", fixB)
        {
            Or = new BugFace(found.Kind, found.Source, fixA),
        };
        var neither = metSecond with { Or = new BugFace(BugKind.Livelock, "liveness", fixA) };

        Assert.True(CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, metFirst, CellBudget.Default).Matches);
        Assert.True(CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, metSecond, CellBudget.Default).Matches);
        Assert.Equal(fixA, metFirst.FixedByOf(found));
        Assert.Equal(fixA, metSecond.FixedByOf(found));
        var mismatch = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20, neither, CellBudget.Default);
        Assert.False(mismatch.Matches);
        Assert.StartsWith("expected deadlock or livelock (liveness), found safety-monitor: ", mismatch.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_that_does_not_finish_is_a_mismatch()
    {
        var result = CellCheck.Run(FsyncVsTruncate.ScenarioName, KernelEra.V6_9, expected: null, CellBudget.Default with { SearchLimit = 5 });

        Assert.False(result.Matches);
        Assert.StartsWith("expected it to hold, but the search of its small configuration did not finish: ", result.Problem, StringComparison.Ordinal);
        Assert.Single(result.Runs);
    }

    [Fact]
    public void A_budget_that_accepts_a_cut_search_goes_on_to_PCT()
    {
        var result = CellCheck.Run(
            FsyncVsTruncate.ScenarioName, ScenarioOptions.Default, expected: null, CellBudget.Default with { SearchLimit = 5, SearchToTheEnd = false, HoldsIterations = 3 });

        Assert.True(result.Matches, result.Problem);
        Assert.Equal(["dfs", "pct"], result.Runs.Select(r => r.Configuration.Strategy));
        Assert.NotEqual(StopReason.SpaceExhausted, result.Runs[0].StopReason);
    }

    [Fact]
    public void A_matching_cell_is_deterministic_and_counts_its_iterations_as_it_goes()
    {
        var progress = new RunProgress();

        var first = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_29, progress: progress);
        var second = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_29);

        Assert.True(first.Matches, first.Problem);
        Assert.Equal(first.Bug!.ToJson(), second.Bug!.ToJson());
        Assert.Equal(first.Runs.Sum(r => r.Iterations), progress.Iterations);
        Assert.Equal(first.Runs.Sum(r => r.Steps), progress.Steps);
        Assert.Equal(1, progress.Bugs);
    }

    [Fact]
    public void Another_seed_changes_the_search_but_not_the_verdict()
    {
        var result = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_29, CellBudget.Default.WithSeed(12345));

        Assert.True(result.Matches, result.Problem);
        Assert.All(result.Runs, run => Assert.Equal(12345UL, run.Configuration.Seed));
    }
}
