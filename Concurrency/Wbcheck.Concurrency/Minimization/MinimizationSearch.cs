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
        roundRobin = MinimizationResult.JudgedFair(original);
        Best = original;
        bestPreemptions = CountedPreemptions(original.Steps.ToArray());
    }

    public int Runs { get; private set; }

    public BugTrace Best { get; private set; }

    /// <summary>A candidate was cut by the time budget: the search stops with the best so far.</summary>
    public bool OutOfTime { get; private set; }

    /// <summary>The bug's kind is judged under fair scheduling (a livelock, a run past its maximum): its switches are not noise.</summary>
    public bool Fair => roundRobin;

    /// <summary>Preemptions of <see cref="Best"/>, as minimization counts them.</summary>
    public int BestPreemptions => bestPreemptions;

    /// <summary>The directives that make the default schedule follow the original trace.</summary>
    public List<Directive> Record() => Record(original.Steps);

    /// <summary>The directives that make the default schedule follow <paramref name="steps"/>.</summary>
    public List<Directive> Record(IReadOnlyList<TraceStep> steps)
    {
        var recorder = GuidedStrategy.Following(steps, settings.FairFrom, roundRobin);
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

    /// <summary>
    /// Run one schedule of <paramref name="strategy"/> (started by the caller) under
    /// <paramref name="limits"/>: the bug if it is the original's, else null; the run's decisions
    /// are in <see cref="LastSteps"/> until the next run.
    /// </summary>
    public BugReport? RunCandidate(ISchedulingStrategy strategy, in RunSettings limits, out int steps)
    {
        Runs++;
        RunOutcome outcome;
        try
        {
            outcome = runner.Run(program, strategy, limits, seed);
        }
        catch (RunTimedOutException exception)
        {
            OutOfTime = true;
            steps = exception.Step;
            return null;
        }

        steps = outcome.Steps;
        LastStoppedAtOtherBug = outcome.Bug is { } other && !other.IsSameBugAs(original.Bug);
        return outcome.Bug is { } bug && bug.IsSameBugAs(original.Bug) ? bug : null;
    }

    /// <summary>The last candidate run stopped at a bug other than the original's (what lies past it was not run).</summary>
    public bool LastStoppedAtOtherBug { get; private set; }

    /// <summary>The program of the last run declared shifted lassos (the lasso search applies).</summary>
    public bool DeclaredShiftedLassos => runner.LastDeclaredShiftedLassos;

    /// <summary>Keep <paramref name="trace"/> as the best, whatever it is (the lasso search's own order decided).</summary>
    public void Keep(BugTrace trace)
    {
        Best = trace;
        bestPreemptions = CountedPreemptions(trace.Steps.ToArray());
    }

    /// <summary>The program the traces run.</summary>
    public ITestProgram Program => program;

    /// <summary>The original trace.</summary>
    public BugTrace Original => original;

    /// <summary>The decisions of the last run.</summary>
    public ReadOnlySpan<TraceStep> LastSteps => runner.LastSteps;

    /// <summary>The settings the original trace ran under.</summary>
    public RunSettings Settings => settings;

    /// <summary>A run of <paramref name="steps"/> would be better than <see cref="Best"/>: fewer preemptions, or as many and fewer steps.</summary>
    public bool Improves(ReadOnlySpan<TraceStep> steps) => Better(CountedPreemptions(steps), steps.Length);

    /// <summary>Run <paramref name="directives"/>; keep and accept the run if it is the same bug and no worse.</summary>
    public bool Accepts(List<Directive> directives) => Accepts(new GuidedStrategy(directives, settings.FairFrom, roundRobin));

    /// <summary>
    /// Run the schedule of <paramref name="strategy"/> (a minimizer's candidate); keep and accept
    /// the run if it is the same bug and no worse (<paramref name="strictly"/>: better).
    /// </summary>
    public bool Accepts(ISchedulingStrategy strategy, bool strictly = false)
    {
        Runs++;
        strategy.StartIteration(0, seed);
        RunOutcome outcome;
        try
        {
            outcome = runner.Run(program, strategy, settings, seed);
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
        if (!Better(preemptions, steps.Length) && (strictly || !(preemptions == bestPreemptions && steps.Length == Best.Steps.Count)))
        {
            return false;
        }

        Best = BugTrace.Record(program, original.Strategy, original.Seed, original.Iteration, settings, bug, steps, minimized: true);
        bestPreemptions = preemptions;
        return true;
    }

    // Fewest preemptions first (what a reader follows), then fewest steps.
    private bool Better(int preemptions, int steps) =>
        preemptions < bestPreemptions || (preemptions == bestPreemptions && steps < Best.Steps.Count);

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

