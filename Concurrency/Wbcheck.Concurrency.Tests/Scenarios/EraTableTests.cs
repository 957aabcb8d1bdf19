using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// Every cell of the era table: each expected bug is found (PCT, then random, fixed seeds) and
/// its trace, saved and loaded back, replays; each cell that holds yields nothing under DFS with
/// preemption bound 2 on the scenario's small configuration, nor under PCT on the full one.
/// </summary>
public sealed class EraTableTests(ITestOutputHelper output)
{
    /// <summary>
    /// The small form of cyclic-wrap-deadlock (three threads that each lock, write and wait) has
    /// millions of schedules within preemption bound 2: it is searched to this many, not to the
    /// end. Every other cell that holds is searched exhaustively.
    /// </summary>
    private const int CappedDfsSchedules = 20_000;

    public static TheoryData<string, KernelEra> BugCells() => Cells(expectBug: true);

    public static TheoryData<string, KernelEra> HoldsCells() => Cells(expectBug: false);

    [Theory]
    [MemberData(nameof(BugCells))]
    public void An_expected_bug_is_found_and_its_trace_replays(string name, KernelEra era)
    {
        var expected = Expectations.For(name, era)!;
        var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era });

        var report = Find(scenario);

        Assert.True(report.FoundBug, $"{name} on {era.Info().Version}: expected {expected.Describe()}, found nothing: {report.Summary()}");
        var bug = report.Bugs[0];
        Assert.True(expected.Matches(bug.Bug), $"{name} on {era.Info().Version}: expected {expected.Describe()}, found {bug.Bug}");
        output.WriteLine(report.Summary());

        var path = Path.Combine(Path.GetTempPath(), $"wbcheck-{name}-{era}-{Guid.NewGuid():N}.json");
        try
        {
            bug.Save(path);
            var replay = TestingEngine.Replay(scenario, BugTrace.Load(path, scenario));
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
        var small = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = true, Pages = 2 });
        var capped = name == CyclicWrapDeadlock.ScenarioName;
        var dfs = TestingEngine.Run(small, RaceScenario.DefaultConfiguration with
        {
            Strategy = "dfs",
            PreemptionBound = 2,
            Iterations = capped ? CappedDfsSchedules : 1_000_000,
        });
        output.WriteLine(dfs.Summary());
        Assert.False(dfs.FoundBug, dfs.Summary());
        if (!capped)
        {
            Assert.Equal(StopReason.SpaceExhausted, dfs.StopReason);
        }

        var full = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era });
        var pct = TestingEngine.Run(full, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 300, Seed = 7 });
        output.WriteLine(pct.Summary());
        Assert.False(pct.FoundBug, pct.Summary());
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

    /// <summary>PCT finds every expected bug of the table fast; random is the fallback for the rest.</summary>
    private static TestReport Find(RaceScenario scenario)
    {
        var configuration = RaceScenario.DefaultConfiguration with { Iterations = 500, Seed = 1 };
        var pct = TestingEngine.Run(scenario, configuration with { Strategy = "pct" });
        return pct.FoundBug ? pct : TestingEngine.Run(scenario, configuration with { Strategy = "random" });
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
