using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>
/// Bounded DPOR on the kernel: at the matrix's preemption bound, the holding cells' small forms end
/// in the states (state fingerprints) DFS without reduction ends in. A class lost to the bound
/// would lose its end state: this is what "exhausted" has to mean for a holding cell. (It found
/// the stable-pages monitor keeping a completed bio until the next step's check, which made two
/// orders of one class end in different states: mmap-store-vs-writeback 3.19.)
/// </summary>
public sealed class KernelBoundedDporTests(ITestOutputHelper output)
{
    private const int Bound = 2;

    // Trees larger than this without reduction are left out, to keep the run short (every step is fingerprinted).
    private const int PlainCap = 300;

    [Fact]
    public void Every_small_holding_cell_ends_in_the_states_dfs_without_reduction_ends_in()
    {
        var compared = 0;
        var plainRuns = 0L;
        var reducedRuns = 0L;
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in ScenarioCatalog.HoldingEras(name))
            {
                var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era, Small = true, Pages = 2 });
                var plain = PlainEndStates[(name, era)];
                if (plain is null)
                {
                    continue;
                }

                foreach (var mode in new[] { DporMode.Source, DporMode.Optimal })
                {
                    var reduced = EndStates(scenario, new DfsStrategy(Bound, Bound, reduce: true, dpor: mode), int.MaxValue)!.Value;
                    var lost = plain.Value.States.Except(reduced.States).ToList();
                    Assert.True(lost.Count == 0, $"{name} {era.Info().Version}: DPOR ({mode}) at bound {Bound} lost {lost.Count} of the {plain.Value.States.Count} end states DFS without reduction reaches");
                    Assert.Empty(reduced.States.Except(plain.Value.States));
                    reducedRuns += mode == DporMode.Source ? reduced.Runs : 0;
                }

                compared++;
                plainRuns += plain.Value.Runs;
            }
        }

        output.WriteLine($"{compared} cells compared at bound {Bound}: {plainRuns} schedules without reduction, {reducedRuns} with DPOR");
        Assert.True(compared >= 20, $"only {compared} cells small enough");
        Assert.True(reducedRuns < plainRuns, $"{reducedRuns} vs {plainRuns}");
    }

    /// <summary>
    /// Each small holding cell's end states under DFS without reduction at <see cref="Bound"/>, null
    /// where its tree is over <see cref="PlainCap"/>: searched once, the reference of this class and
    /// of <see cref="KernelStatefulDporTests"/> (each searched them all before).
    /// </summary>
    internal static IReadOnlyDictionary<(string Name, KernelEra Era), (HashSet<ulong> States, int Runs)?> PlainEndStates => Plain.Value;

    private static readonly Lazy<Dictionary<(string Name, KernelEra Era), (HashSet<ulong> States, int Runs)?>> Plain = new(() =>
        ScenarioCatalog.Names
            .SelectMany(name => ScenarioCatalog.HoldingEras(name).Select(era => (name, era)))
            .ToDictionary(cell => cell, cell => EndStates(ScenarioCatalog.Create(cell.name, ScenarioOptions.Default with { Era = cell.era, Small = true, Pages = 2 }), reduce: false)));

    /// <summary>The end states of every schedule DFS runs to its end at <see cref="Bound"/>; null when the tree is over <see cref="PlainCap"/>.</summary>
    private static (HashSet<ulong> States, int Runs)? EndStates(RaceScenario scenario, bool reduce) =>
        EndStates(scenario, new DfsStrategy(Bound, Bound, reduce, dpor: reduce ? DporMode.Source : DporMode.Off), reduce ? int.MaxValue : PlainCap);

    /// <summary>The end states of every schedule <paramref name="dfs"/> runs to its end; null when it takes more than <paramref name="cap"/> schedules, or one goes past DFS's part.</summary>
    internal static (HashSet<ulong> States, int Runs)? EndStates(RaceScenario scenario, DfsStrategy dfs, int cap)
    {
        var configuration = scenario.Configuration;
        var settings = new RunSettings(configuration.MaxSteps, configuration.UnfairSteps, configuration.HotBound, scenario.Terminates);
        var recorder = new StopRecorder(dfs);
        var runner = new IterationRunner();
        var states = new HashSet<ulong>();
        var runs = 0;
        var last = 0UL;
        while (dfs.StartIteration(runs, 0))
        {
            if (runs >= cap)
            {
                return null;
            }

            runs++;
            recorder.Stopped = false;
            var outcome = runner.Run(scenario, recorder, settings, 0, (setup, _) => last = ((ControlledRuntime)setup.Runtime).Fingerprint());
            Assert.Null(outcome.Bug);
            if (outcome.ReachedFairPhase || outcome.Steps >= settings.MaxSteps)
            {
                // Past DFS's part the end is not DFS's: such a cell is not compared.
                return null;
            }

            if (!recorder.Stopped)
            {
                states.Add(last);
            }
        }

        return (states, runs);
    }

    /// <summary>DFS, noting whether the reduction stopped the schedule before its end.</summary>
    private sealed class StopRecorder(DfsStrategy dfs) : ISchedulingStrategy
    {
        public bool Stopped { get; set; }

        public string Name => dfs.Name;

        public bool IsFair => dfs.IsFair;

        public int LearningIterations => 0;

        public bool WantsFootprints => dfs.WantsFootprints;

        public bool StartIteration(int iteration, ulong seed) => throw new InvalidOperationException("the test starts DFS's iterations itself");

        public int NextThread(in SchedulingStep step)
        {
            var chosen = dfs.NextThread(step);
            Stopped |= chosen == ISchedulingStrategy.Stop;
            return chosen;
        }

        public void StepRan(int threadId, in Footprint footprint) => dfs.StepRan(threadId, footprint);

        public int NextChoice(in ChoicePoint choice) => dfs.NextChoice(choice);
    }
}
