using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>Runs candidates against the program and keeps the best accepted run as a trace.</summary>
internal sealed class MinimizationSearch
{
    private readonly IterationRunner runner = new();
    private readonly ITestProgram program;
    private readonly BugTrace original;
    private readonly RunSettings settings;
    private readonly ulong seed;

    // Fairness-sensitive bugs keep fair scheduling where the original had it.
    private readonly bool roundRobin;
    private int bestPreemptions;

    public MinimizationSearch(ITestProgram program, BugTrace original, Deadline deadline)
    {
        runner.Deadline = deadline;
        this.program = program;
        this.original = original;
        settings = original.SettingsFor(program);
        seed = Seeds.ForIteration(original.Seed, original.Iteration);
        roundRobin = original.Bug.Kind is BugKind.Livelock or BugKind.MaxStepsExceeded;
        Best = original;
        bestPreemptions = CountedPreemptions(original.Steps.ToArray());
    }

    public int Runs { get; private set; }

    public BugTrace Best { get; private set; }

    /// <summary>A candidate was cut by the time budget: the search stops with the best so far.</summary>
    public bool OutOfTime { get; private set; }

    /// <summary>The directives that make the default schedule follow the original trace.</summary>
    public List<Directive> Record()
    {
        var recorder = GuidedStrategy.Following(original.Steps, settings.FairFrom, roundRobin);
        recorder.StartIteration(0, seed);
        try
        {
            runner.Run(program, recorder, settings, seed);
        }
        catch (RunTimedOutException)
        {
            OutOfTime = true;
            return [];
        }

        return [.. recorder.Recorded];
    }

    /// <summary>Run <paramref name="directives"/>; keep and accept the run if it is the same bug and no worse.</summary>
    public bool Accepts(List<Directive> directives)
    {
        Runs++;
        var guided = new GuidedStrategy(directives, settings.FairFrom, roundRobin);
        guided.StartIteration(0, seed);
        RunOutcome outcome;
        try
        {
            outcome = runner.Run(program, guided, settings, seed);
        }
        catch (RunTimedOutException)
        {
            OutOfTime = true;
            return false;
        }

        if (outcome.Bug is not { } bug || !bug.IsSameBugAs(original.Bug))
        {
            return false;
        }

        var steps = runner.LastSteps;
        var preemptions = CountedPreemptions(steps);
        if (steps.Length > Best.Steps.Count || preemptions > bestPreemptions)
        {
            return false;
        }

        Best = BugTrace.Record(program, original.Strategy, original.Seed, original.Iteration, settings, bug, steps, minimized: true);
        bestPreemptions = preemptions;
        return true;
    }

    /// <summary>
    /// The preemptions minimization tries to remove. Under fair scheduling (round-robin, for a
    /// livelock) switching at every step is the point, not noise: only the unfair prefix counts.
    /// </summary>
    private int CountedPreemptions(ReadOnlySpan<TraceStep> steps)
    {
        var end = roundRobin ? Math.Min(steps.Length, settings.FairFrom) : steps.Length;
        var preemptions = 0;
        foreach (var step in steps[..end])
        {
            preemptions += step.Preempts ? 1 : 0;
        }

        return preemptions;
    }
}

