using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>The kernel model's footprints (Model/Runtime/AccessLog): sound, and what a missed access costs.</summary>
public sealed class KernelFootprintTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios() => [.. ScenarioCatalog.Names];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Steps_declared_independent_commute_in_every_era(string name)
    {
        var pairs = 0;
        var problems = new List<string>();
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            if (!ScenarioCatalog.AppliesTo(name, era))
            {
                continue;
            }

            foreach (var small in new[] { true, false })
            {
                var options = ScenarioOptions.Default with { Era = era, Small = small };
                var (checkedPairs, found) = SwapCheck.Run(() => ScenarioCatalog.Create(name, options), 4, 4, 400, (ulong)era * 7919);
                pairs += checkedPairs;
                problems.AddRange(found.Select(p => $"{era.Info().Version}{(small ? " small" : "")} {p}"));
            }
        }

        output.WriteLine($"{name}: {pairs} pairs checked");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Fact]
    public void Kernel_scenarios_are_reduced_and_still_exhausted()
    {
        // Unbounded (the bound keeps threads whose subtree it cut awake): the reduction at full strength.
        var small = ScenarioCatalog.Create(FsyncVsTruncate.ScenarioName, ScenarioOptions.Default with { Small = true, Pages = 2 });
        var configuration = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 100, Iterations = 200_000 };

        var reduced = TestingEngine.Run(small, configuration);
        var plain = TestingEngine.Run(small, configuration with { Reduction = false, Iterations = (int)reduced.Iterations * 2 });

        Assert.Equal(StopReason.SpaceExhausted, reduced.StopReason);
        Assert.False(reduced.FoundBug, reduced.Summary());
        Assert.True(reduced.Search!.SleepBlocked > 0, reduced.Summary());

        // Twice the schedules do not exhaust the space without the reduction.
        Assert.Equal(StopReason.IterationsDone, plain.StopReason);
        Assert.False(plain.FoundBug, plain.Summary());
    }
}
