using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// Every cell of the era table, checked by <see cref="CellCheck"/> exactly as <c>wbcheck matrix</c>
/// checks it: each expected bug is found (PCT, then random, fixed seeds) and its trace, saved and
/// loaded back, replays; each cell that holds yields nothing under DFS with preemption bound 2 on
/// the scenario's small configuration (to the end, unless the scenario caps the search), nor
/// under PCT on the full one.
/// </summary>
public sealed class EraTableTests(ITestOutputHelper output)
{
    public static TheoryData<string, KernelEra> BugCells() => Cells(expectBug: true);

    public static TheoryData<string, KernelEra> HoldsCells() => Cells(expectBug: false);

    [Theory]
    [MemberData(nameof(BugCells))]
    public void An_expected_bug_is_found_and_its_trace_replays(string name, KernelEra era)
    {
        var result = CellCheck.Run(name, era);

        Log(result);
        Assert.True(result.Matches, $"{name} on {era.Info().Version}: {result.Problem}");
        var path = Path.Combine(Path.GetTempPath(), $"wbcheck-{name}-{era}-{Guid.NewGuid():N}.json");
        try
        {
            result.Bug!.Save(path);
            var loaded = BugTrace.Load(path);
            var replay = TestingEngine.Replay(ScenarioCatalog.ForTrace(loaded, path), loaded);
            Assert.True(replay.Reproduced, replay.Divergence);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(HoldsCells))]
    public void A_cell_that_holds_yields_nothing(string name, KernelEra era)
    {
        var result = CellCheck.Run(name, era);

        Log(result);
        Assert.True(result.Matches, $"{name} on {era.Info().Version}: {result.Problem}");
        Assert.Null(result.Bug);
        Assert.Equal(["dfs", "pct"], result.Runs.Select(r => r.Configuration.Strategy));
    }

    [Fact]
    public void The_table_names_a_fix_for_every_bug_and_each_era_fails_what_its_end_fixed()
    {
        foreach (var bug in Expectations.Bugs)
        {
            Assert.Contains(bug.Scenario, ScenarioCatalog.Names);
            if (bug.Until is { } fixedIn)
            {
                // The era before the fix was ended by the commit the row names.
                var ender = KernelEras.All[(int)fixedIn - 1].EndedBy!;
                Assert.StartsWith(ender.Id, bug.FixedBy);
            }
        }
    }

    private void Log(CellResult result)
    {
        foreach (var run in result.Runs)
        {
            output.WriteLine(run.Summary());
        }
    }

    private static TheoryData<string, KernelEra> Cells(bool expectBug)
    {
        var cells = new TheoryData<string, KernelEra>();
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in Enum.GetValues<KernelEra>())
            {
                if (Expectations.For(name, era) is not null == expectBug)
                {
                    cells.Add(name, era);
                }
            }
        }

        return cells;
    }
}
