using System.Diagnostics;

namespace Wbcheck.Concurrency.Execution;

/// <summary>
/// What the workers of one run share: the clock of the time budget, the lowest iteration that found
/// a bug (with stop-at-first-bug, no worker starts an iteration past it, and every iteration below
/// it still runs, so the first bug is the same whatever the worker count), and a stop on failure.
/// </summary>
internal sealed class RunControl(TimeSpan? budget, RunProgress? progress = null)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int firstBug = int.MaxValue;
    private volatile bool outOfTime;
    private volatile bool failed;

    public bool OutOfTime => outOfTime;

    /// <summary>When the budget runs out, for the schedules running then.</summary>
    public Deadline Deadline { get; } = Deadline.After(budget);

    /// <summary>A schedule was cut by the budget: the run stops.</summary>
    public void TimedOut() => outOfTime = true;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Where the workers count finished iterations for a progress display, if anyone watches.</summary>
    public RunProgress? Progress => progress;

    public bool ShouldStop(int iteration)
    {
        if (failed || iteration > Volatile.Read(ref firstBug))
        {
            return true;
        }

        if (Deadline.HasPassed)
        {
            outOfTime = true;
            return true;
        }

        return false;
    }

    public void BugAt(int iteration)
    {
        var seen = Volatile.Read(ref firstBug);
        while (iteration < seen)
        {
            var previous = Interlocked.CompareExchange(ref firstBug, iteration, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>A worker threw: the others stop at their next iteration.</summary>
    public void Fail() => failed = true;
}
