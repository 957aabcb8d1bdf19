using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Runtime;
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

    public static TheoryData<string, KernelEra> NotApplicableCells()
    {
        var cells = new TheoryData<string, KernelEra>();
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in Enum.GetValues<KernelEra>().Where(e => Expectations.NotApplicableTo(name, e) is not null))
            {
                cells.Add(name, era);
            }
        }

        return cells;
    }

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

    [Theory]
    [MemberData(nameof(NotApplicableCells))]
    public void A_cell_that_does_not_apply_is_refused_with_its_reason(string name, KernelEra era)
    {
        var reason = Expectations.NotApplicableTo(name, era)!.Reason;

        var refused = Assert.Throws<ArgumentException>(() => ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era }));

        var prefix = $"scenario '{name}' does not apply to {era.Info().Version}: {reason}";
        Assert.StartsWith(prefix, refused.Message, StringComparison.Ordinal);

        // A scenario that names the gated setting it needs (RaceScenario.Needs) adds the table's refusal.
        var rest = refused.Message[prefix.Length..];
        Assert.True(rest.Length == 0 || EraSettings.All.Any(setting => rest == $"; {setting.Refusal(era)}"), rest);
        Assert.Null(Expectations.For(name, era));
    }

    [Fact]
    public void Each_scenario_applies_exactly_where_the_table_does_not_say_n_a()
    {
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in Enum.GetValues<KernelEra>())
            {
                Assert.True(
                    ScenarioCatalog.AppliesTo(name, era) == Expectations.NotApplicableTo(name, era) is null,
                    $"{name} on {era.Info().Version}: the scenario says it {(ScenarioCatalog.AppliesTo(name, era) ? "applies" : "does not apply")}, the table disagrees");
            }
        }
    }

    [Fact]
    public void Each_era_is_checked_by_the_invariants_that_apply_to_it_and_by_no_other()
    {
        var stateInvariants = new[] { TagFlagCoherence.Name, ListFlagCoherence.Name, Accounting.Name };
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            foreach (var name in ScenarioCatalog.Names.Where(n => ScenarioCatalog.AppliesTo(n, era)))
            {
                var setup = new ProgramSetup(new SequentialRuntime());
                ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era }).Setup(setup);
                setup.Seal();
                var checkedHere = setup.SafetyMonitors.Select(m => m.Name).ToHashSet();

                foreach (var invariant in stateInvariants)
                {
                    var applies = Expectations.NotApplicableTo(invariant, era) is null;
                    Assert.True(applies == checkedHere.Contains(invariant),
                        $"{name}, {invariant} on {era.Info().Version}: the table says {(applies ? "it applies" : "n/a")}, the scenario {(checkedHere.Contains(invariant) ? "checks it" : "does not")}");
                }
            }
        }
    }

    [Fact]
    public void Every_scenario_describes_itself_even_where_the_current_era_is_n_a()
    {
        Assert.Throws<ArgumentException>(() => ScenarioCatalog.Create(BioRedirty.FastDirtierName, ScenarioOptions.Default));
        Assert.All(ScenarioCatalog.Names, name => Assert.False(string.IsNullOrWhiteSpace(ScenarioCatalog.DescriptionOf(name))));
        Assert.StartsWith("data-integrity writeback while a writer appends", ScenarioCatalog.DescriptionOf(BioRedirty.FastDirtierName));
    }

    [Fact]
    public void Every_n_a_row_names_a_scenario_or_an_invariant()
    {
        var invariants = InvariantCatalog.All.Select(i => i.Name).ToHashSet();
        Assert.All(Expectations.NotApplicable, row => Assert.True(
            ScenarioCatalog.Names.Contains(row.Subject) || invariants.Contains(row.Subject), $"n/a row for unknown '{row.Subject}'"));
    }

    [Fact]
    public void The_table_names_a_fix_for_every_bug_and_each_era_fails_what_its_end_fixed()
    {
        foreach (var bug in Expectations.Bugs)
        {
            Assert.Contains(bug.Scenario, ScenarioCatalog.Names);

            // A row that ends where its scenario stops applying names the design that prevents
            // the bug, not the change that ended the era. A fix that landed between two of the
            // model's eras names its own commit and release, and not the change that ended the era.
            if (bug.FixedBetweenEras && bug.Until is { } preGitEnd && KernelEras.All[(int)preGitEnd - 1].EndedBy is { PreGit: true } ended)
            {
                // Fixed before an era that ended before git (the list era's BitKeeper years): the
                // fix's quoted title and release, and no id to give.
                Assert.Matches("^\"[^\"]+\" \\(.*\\d\\.\\d+.*pre-git", bug.FixedBy);
                Assert.DoesNotContain(ended.Id, bug.FixedBy);
            }
            else if (bug.FixedBetweenEras)
            {
                Assert.Matches("^[0-9a-f]{12} \\(.*\\d\\.\\d+", bug.FixedBy);
                if (bug.Until is { } fixedIn)
                {
                    Assert.DoesNotContain(KernelEras.All[(int)fixedIn - 1].EndedBy!.Id, bug.FixedBy);
                }
            }
            else if (bug.Until is { } fixedIn && Expectations.NotApplicableTo(bug.Scenario, fixedIn) is null)
            {
                // The era before the fix was ended by the change the row names.
                Assert.StartsWith(KernelEras.All[(int)fixedIn - 1].EndedBy!.Id, bug.FixedBy);
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
            foreach (var era in Enum.GetValues<KernelEra>().Where(e => Expectations.NotApplicableTo(name, e) is null))
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
