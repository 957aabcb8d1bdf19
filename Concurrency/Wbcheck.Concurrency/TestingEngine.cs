using System.Runtime.ExceptionServices;
using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Minimization;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;

namespace Wbcheck.Concurrency;

/// <summary>
/// The systematic concurrency testing engine: thin entry points over one iteration runner.
/// <see cref="Run"/> explores schedules of a program with a strategy, <see cref="Replay"/>
/// reproduces a recorded bug exactly, <see cref="Minimize"/> shrinks its trace.
/// </summary>
public static class TestingEngine
{
    /// <summary>Test <paramref name="program"/> as <paramref name="configuration"/> says.</summary>
    /// <exception cref="ArgumentException">The configuration is inconsistent (e.g. DFS on several workers).</exception>
    /// <exception cref="Strategies.NondeterminismException">The program does not behave the same under the same decisions.</exception>
    public static TestReport Run(ITestProgram program, TestingConfiguration configuration) => Run(program, configuration, null);

    /// <summary>As <see cref="Run(ITestProgram, TestingConfiguration)"/>, counting finished iterations in <paramref name="progress"/> as it goes.</summary>
    public static TestReport Run(ITestProgram program, TestingConfiguration configuration, RunProgress? progress)
    {
        configuration.Validate();
        var control = new RunControl(configuration.TimeBudget, progress);
        var workers = Enumerable.Range(0, configuration.Workers)
            .Select(index => new EngineWorker(program, configuration, index, control))
            .ToArray();
        if (workers.Length == 1)
        {
            workers[0].Run();
        }
        else
        {
            RunInParallel(workers, control);
        }

        var bugs = workers.SelectMany(w => w.Bugs).OrderBy(b => b.Iteration).ToList();
        var last = int.MaxValue;
        if (configuration.StopAtFirstBug && bugs.Count > 0)
        {
            bugs = [bugs[0]];
            last = bugs[0].Iteration;
        }

        // Parallel workers may have gone past the first bug before they heard of it: count up to it.
        var ran = workers.Select(w => w.RanUpTo(last)).ToList();
        return new TestReport
        {
            Program = program.Name,
            Configuration = configuration,
            Iterations = ran.Sum(r => r.Iterations),
            Steps = ran.Sum(r => r.Steps),
            Bugs = bugs,
            StopReason = configuration.StopAtFirstBug && bugs.Count > 0 ? StopReason.BugFound
                : workers.Any(w => w.Exhausted) ? StopReason.SpaceExhausted
                : control.OutOfTime ? StopReason.TimeBudget
                : StopReason.IterationsDone,
            CutAtUnfairBound = ran.Sum(r => r.ReachedFair),
            Elapsed = control.Elapsed,
            Iterated = workers[0].Iterated,
            Search = workers[0].Search,
        };
    }

    /// <summary>Replay <paramref name="trace"/> against <paramref name="program"/>: the same bug at the same step, or where it diverged.</summary>
    /// <exception cref="TraceLoadException">The trace was recorded from another program, parameters or model version.</exception>
    public static ReplayResult Replay(ITestProgram program, BugTrace trace) => TraceReplayer.Replay(program, trace);

    /// <summary>As <see cref="Replay(ITestProgram, BugTrace)"/>, stopped (<see cref="ReplayResult.TimedOut"/>) after <paramref name="timeout"/>.</summary>
    public static ReplayResult Replay(ITestProgram program, BugTrace trace, TimeSpan? timeout) => TraceReplayer.Replay(program, trace, timeout: timeout);

    /// <summary>Shrink <paramref name="trace"/> to the fewest preemptions, then the fewest steps, with the same bug; deterministic.</summary>
    /// <exception cref="TraceLoadException">The trace was recorded from another program, parameters or model version.</exception>
    /// <exception cref="InvalidOperationException">The trace does not replay.</exception>
    public static MinimizationResult Minimize(ITestProgram program, BugTrace trace) => TraceMinimizer.Minimize(program, trace);

    /// <summary>
    /// As <see cref="Minimize(ITestProgram, BugTrace, TimeSpan?)"/>; a livelock's lasso is also looked
    /// for in the program's smaller configurations (<see cref="Lassos.ILassoConfigurations"/>: a
    /// one-page bio, the least ratelimit), and the shortest wins. The trace records the
    /// configuration it ran on (its parameters) and replays against that one
    /// (<see cref="Scenarios.ScenarioCatalog.ForTrace"/> rebuilds it).
    /// <paramref name="proveFewest"/> false leaves out the reduced search that proves a count the
    /// bounded search could not (seconds on a kernel scenario: the matrix leaves it out).
    /// </summary>
    public static MinimizationResult MinimizeConfiguration(ITestProgram program, BugTrace trace, TimeSpan? timeout = null, bool proveFewest = true) =>
        TraceMinimizer.Minimize(program, trace, timeout, shrinkConfiguration: true, proveFewest: proveFewest);

    /// <summary>As <see cref="Minimize(ITestProgram, BugTrace)"/>, keeping the smallest trace found when <paramref name="timeout"/> runs out.</summary>
    public static MinimizationResult Minimize(ITestProgram program, BugTrace trace, TimeSpan? timeout) => TraceMinimizer.Minimize(program, trace, timeout);

    /// <summary>As <see cref="Minimize(ITestProgram, BugTrace, TimeSpan?)"/>; without <paramref name="searchPreemptions"/>, delta debugging alone (the minimizer before issue #19, for comparison).</summary>
    public static MinimizationResult Minimize(ITestProgram program, BugTrace trace, TimeSpan? timeout, bool searchPreemptions) =>
        TraceMinimizer.Minimize(program, trace, timeout, searchPreemptions);

    private static void RunInParallel(EngineWorker[] workers, RunControl control)
    {
        var failures = new ExceptionDispatchInfo?[workers.Length];
        var consulted = new ulong[workers.Length];
        var threads = workers.Select((worker, index) => new Thread(() =>
        {
            try
            {
                worker.Run();
            }
            catch (Exception e)
            {
                failures[index] = ExceptionDispatchInfo.Capture(e);
                control.Fail();
            }
            finally
            {
                consulted[index] = EraBoundaries.Consulted;
            }
        })
        {
            Name = $"wbcheck worker {index}",
            IsBackground = true,
        }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        // The era boundaries the workers' runs consulted are the caller's run's (a matrix cell's record).
        foreach (var boundaries in consulted)
        {
            EraBoundaries.Add(boundaries);
        }

        failures.FirstOrDefault(f => f is not null)?.Throw();
    }
}
