using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>
/// The bounded search's sleep sets and cut visits (<see cref="SleepUnderBound"/>,
/// <see cref="CutVisitRule"/>) on the kernel's failing cells: at the matrix's bound 2, DFS with
/// DPOR, stateless and stateful, finds the expected bug wherever the rules before found it.
/// </summary>
public sealed class KernelBoundedSleepTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Before = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        PreemptionBound = 2,
        Iterations = 5_000,
        SleepUnderBound = SleepUnderBound.Uncut,
        CutVisits = CutVisitRule.Strict,
    };

    public static TheoryData<string, KernelEra, bool> Sample => new()
    {
        { "end-writeback-vs-truncate", KernelEra.V4_13, true },
        { "background-vs-reclaim-truncate", KernelEra.V4_20, true },
        { "bio-redirty-two-walkers", KernelEra.V2_5, true },
        { "fsync-vs-dirtier", KernelEra.V2_6_20, true },
        { "background-vs-reclaim-truncate", KernelEra.V5_0, false },
    };

    [Theory]
    [MemberData(nameof(Sample))]
    public void On_a_failing_cell_the_bounded_search_finds_the_bug_the_rules_before_find(string name, KernelEra era, bool small)
    {
        var failures = Check(name, era, small);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Campaign_over_every_failing_cell()
    {
        // Every failing cell's small and full forms when WBCHECK_BSLEEP_CELLS is "all"; otherwise
        // the first failing cell only (the sample above runs in CI).
        var all = Environment.GetEnvironmentVariable("WBCHECK_BSLEEP_CELLS") == "all";
        var failures = new List<string>();
        var cells = 0;
        foreach (var expected in Expectations.Bugs.Take(all ? int.MaxValue : 1))
        {
            foreach (var era in Enum.GetValues<KernelEra>().Where(e => expected.Covers(expected.Scenario, e) && ScenarioCatalog.AppliesTo(expected.Scenario, e)))
            {
                foreach (var small in all ? new[] { true, false } : [true])
                {
                    failures.AddRange(Check(expected.Scenario, era, small));
                    cells++;
                }
            }
        }

        output.WriteLine($"{cells} cell forms, {failures.Count} where the bug the rules before found was not found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private List<string> Check(string name, KernelEra era, bool small)
    {
        var expected = Expectations.For(name, era)!;
        var failures = new List<string>();
        foreach (var stateful in new[] { false, true })
        {
            var before = TestingEngine.Run(ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = small }), Before with { Stateful = stateful });
            var now = TestingEngine.Run(
                ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = small }),
                Before with { Stateful = stateful, SleepUnderBound = SleepUnderBound.FreeReorderings, CutVisits = CutVisitRule.Finer });
            var foundBefore = before.Bugs.Any(b => expected.Matches(b.Bug));
            var foundNow = now.Bugs.Any(b => expected.Matches(b.Bug));
            var cell = $"{name} {era.Info().Version}{(small ? " small" : "")}{(stateful ? " stateful" : "")}";
            output.WriteLine($"{cell}: before {(foundBefore ? $"found at {before.Bugs[0].Iteration}" : "not found")} ({before.Iterations}); now {(foundNow ? $"found at {now.Bugs[0].Iteration}" : "not found")} ({now.Iterations})");
            if (foundBefore && !foundNow)
            {
                failures.Add($"{cell}: the expected bug was found before ({before.Summary()}), not now ({now.Summary()})");
            }
        }

        return failures;
    }
}
