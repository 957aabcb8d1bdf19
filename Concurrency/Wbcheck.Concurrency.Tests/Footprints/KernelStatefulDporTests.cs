using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>
/// Stateful DFS with DPOR on the kernel, as the matrix proves holding cells (bound 2, source sets,
/// states stored): a prune at a state explored before adds its subtree summary's races
/// (<see cref="RevisitRule.Summaries"/>) rather than every option above, and still ends in every
/// state DFS without reduction ends in, on every holding cell's small form whose tree is small
/// enough to compare with: stateless DFS where its tree has at most 300 schedules (the references <see cref="KernelBoundedDporTests"/> shares), else stateful
/// DFS without reduction (plain state caching, <see cref="StatefulPruningTests"/>) up to 400. The
/// naive combination, adding nothing at a prune, loses end states.
/// </summary>
public sealed class KernelStatefulDporTests(ITestOutputHelper output)
{
    private const int Bound = 2;

    private const int StatefulCap = 400;

    [Fact]
    public void Every_small_holding_cell_ends_in_the_states_dfs_without_reduction_ends_in()
    {
        var stateless = 0;
        var stateful = 0;
        var referenceRuns = 0L;
        var summaryRuns = 0L;
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in ScenarioCatalog.HoldingEras(name))
            {
                var options = ScenarioOptions.Default with { Era = era, Small = true, Pages = 2 };
                var reference = KernelBoundedDporTests.PlainEndStates[(name, era)];
                stateless += reference is null ? 0 : 1;
                reference ??= KernelBoundedDporTests.EndStates(ScenarioCatalog.Create(name, options), new DfsStrategy(Bound, Bound, reduce: false, new VisitedStates(1 << 24)), StatefulCap);
                if (reference is null)
                {
                    continue;
                }

                foreach (var mode in new[] { DporMode.Source, DporMode.Optimal })
                {
                    var summaries = EndStates(name, options, RevisitRule.Summaries, mode);
                    var lost = reference.Value.States.Except(summaries.States).ToList();
                    Assert.True(lost.Count == 0, $"{name} {era.Info().Version}: stateful DPOR ({mode}) at bound {Bound} lost {lost.Count} of the {reference.Value.States.Count} end states DFS without reduction reaches");
                    Assert.Empty(summaries.States.Except(reference.Value.States));
                    summaryRuns += mode == DporMode.Source ? summaries.Runs : 0;
                }

                stateful++;
                referenceRuns += reference.Value.Runs;
            }
        }

        output.WriteLine($"{stateful} cells compared at bound {Bound} ({stateless} with stateless DFS): {referenceRuns} schedules without reduction, {summaryRuns} stateful with DPOR");
        Assert.True(stateful >= 40, $"only {stateful} cells small enough");
    }

    [Theory]
    // evict-vs-reclaim on 2.6.36 was a second row until branch lru2: with its kswapd taking the
    // LRU's tail instead of a page the runtime chose, its small form (30 end states) loses none
    // to the naive combination, nor on 2.5.31 to 3.19; neither do gup-dirty-vs-reclaim (2.6.36,
    // 6.9), end-writeback-vs-truncate and write-fault-vs-truncate (6.9), tried then.
    [InlineData(FsyncVsDirtier.ScenarioName, KernelEra.V6_9)]
    public void The_naive_combination_loses_end_states_and_the_summaries_do_not(string name, KernelEra era)
    {
        var options = ScenarioOptions.Default with { Era = era, Small = true, Pages = 2 };
        var reference = KernelBoundedDporTests.EndStates(ScenarioCatalog.Create(name, options), new DfsStrategy(Bound, Bound, reduce: false, new VisitedStates(1 << 24)), int.MaxValue)!.Value;
        var naive = EndStates(name, options, RevisitRule.Nothing);
        var summaries = EndStates(name, options, RevisitRule.Summaries);
        var everyOption = EndStates(name, options, RevisitRule.EveryOption);
        output.WriteLine($"{name} {era.Info().Version}: {reference.States.Count} end states; naive {naive.Runs} schedules, summaries {summaries.Runs}, every option {everyOption.Runs}");

        Assert.NotEmpty(reference.States.Except(naive.States));
        Assert.Empty(reference.States.Except(summaries.States));
        Assert.Empty(reference.States.Except(everyOption.States));
        Assert.True(summaries.Runs < everyOption.Runs, $"{summaries.Runs} vs {everyOption.Runs}");
    }

    private static (HashSet<ulong> States, int Runs) EndStates(string name, ScenarioOptions options, RevisitRule rule, DporMode mode = DporMode.Source)
    {
        var dfs = new DfsStrategy(Bound, Bound, reduce: true, new VisitedStates(1 << 24), mode, revisits: rule);
        var ends = KernelBoundedDporTests.EndStates(ScenarioCatalog.Create(name, options), dfs, int.MaxValue);
        Assert.NotNull(ends);
        return ends.Value;
    }
}
