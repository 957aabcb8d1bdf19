using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Execution;

/// <summary>
/// One worker of a run: its own strategy and runner, and the iterations it owns. Iteration i
/// belongs to the configured shard when i mod N = shard-1, and within the shard to worker
/// (i div N) mod workers. Every iteration is seeded from (seed, i) alone; a strategy that learns
/// from its first iterations has every worker run those first, so results never depend on who ran what.
/// </summary>
internal sealed class EngineWorker(ITestProgram program, TestingConfiguration configuration, int worker, RunControl control)
{
    // Each iteration's record is kept only where the report may have to drop some: parallel
    // workers stopping at the first bug can run past it before they hear of it. Otherwise the
    // iterations are only counted, so that a run of millions of schedules keeps no memory for them.
    private readonly List<IterationRecord>? ran = configuration.StopAtFirstBug && configuration.Workers > 1 ? [] : null;
    private int iterations;
    private long steps;
    private int reachedFair;

    public List<BugTrace> Bugs { get; } = [];

    /// <summary>The strategy had nothing left to explore (DFS).</summary>
    public bool Exhausted { get; private set; }

    /// <summary>DFS iterating its preemption bound: where it got to; null for any other strategy.</summary>
    public IteratedBound? Iterated { get; private set; }

    /// <summary>DFS: what its reductions saved; null for any other strategy.</summary>
    public SearchCounts? Search { get; private set; }

    public void Run()
    {
        var strategy = StrategyTable.Create(configuration);
        try
        {
            Run(strategy);
        }
        finally
        {
            if (strategy is DfsStrategy dfs)
            {
                if (dfs.Iterating)
                {
                    Iterated = new IteratedBound(dfs.Bound, dfs.SchedulesAtBound, dfs.CutByBound);
                }

                Search = new SearchCounts(
                    dfs.SleepBlocked, dfs.StatesPruned, dfs.Visited?.Stored ?? 0, dfs.Visited?.Dropped ?? 0, dfs.Visited?.Capacity ?? 0);
            }
        }
    }

    private void Run(ISchedulingStrategy strategy)
    {
        var runner = new IterationRunner { Deadline = control.Deadline };
        var settings = new RunSettings(
            configuration.MaxSteps,
            strategy.IsFair ? 0 : configuration.UnfairSteps,
            configuration.HotBound,
            program.Terminates,
            configuration.LassoLivelocks,
            configuration.UnreportedAccesses,
            configuration.ChoiceFootprints == ChoiceFootprint.Global);
        for (var iteration = 0; iteration < configuration.Iterations; iteration++)
        {
            var owned = Owns(iteration);
            if (!owned && iteration >= strategy.LearningIterations)
            {
                continue;
            }

            if (control.ShouldStop(iteration))
            {
                return;
            }

            var seed = Seeds.ForIteration(configuration.Seed, iteration);
            if (!strategy.StartIteration(iteration, seed))
            {
                Exhausted = true;
                return;
            }

            RunOutcome outcome;
            try
            {
                outcome = runner.Run(program, strategy, settings, seed);
            }
            catch (RunTimedOutException)
            {
                // The budget ran out inside a schedule: it found nothing, and the run is over.
                control.TimedOut();
                return;
            }

            if (!owned)
            {
                continue;
            }

            ran?.Add(new IterationRecord(iteration, outcome.Steps, outcome.ReachedFairPhase));
            iterations++;
            steps += outcome.Steps;
            reachedFair += outcome.ReachedFairPhase ? 1 : 0;
            control.Progress?.IterationDone(outcome.Steps, outcome.Bug is not null);
            // A re-run of a lower bound's schedule that found its bug before the random tail found it there first.
            var repeated = !outcome.ReachedFairPhase && strategy is DfsStrategy { RepeatsLowerBound: true };
            if (outcome.Bug is not null && strategy is DfsStrategy dfs)
            {
                // The schedule stopped at the bug: what lies past it was not explored.
                dfs.StoppedAtBug();
            }
            else if ((outcome.ReachedFairPhase || outcome.Steps >= settings.MaxSteps) && strategy is DfsStrategy unfinished)
            {
                // Its steps past DFS's part were not DFS's to see: DPOR does not rely on its races.
                unfinished.LeftUnfinished();
            }

            if (outcome.Bug is { } bug && !repeated)
            {
                Bugs.Add(BugTrace.Record(program, strategy.Name, configuration.Seed, iteration, settings, bug, runner.LastSteps));
                if (configuration.StopAtFirstBug)
                {
                    control.BugAt(iteration);
                    return;
                }
            }
        }
    }

    /// <summary>The iterations this worker ran up to <paramref name="last"/>: how many, their steps, how many reached the fair phase.</summary>
    public (int Iterations, long Steps, int ReachedFair) RanUpTo(int last) =>
        ran is null
            ? (iterations, steps, reachedFair)
            : (ran.Count(r => r.Iteration <= last), ran.Where(r => r.Iteration <= last).Sum(r => (long)r.Steps), ran.Count(r => r.Iteration <= last && r.ReachedFairPhase));

    private bool Owns(int iteration) =>
        configuration.Shard.Owns(iteration) && iteration / configuration.Shard.Count % configuration.Workers == worker;
}
