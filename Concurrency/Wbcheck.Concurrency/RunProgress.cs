namespace Wbcheck.Concurrency;

/// <summary>
/// Counters a run updates as its iterations finish, for a progress display to read from another
/// thread while the run goes on. One instance may be shared by several runs (the cells of the era
/// matrix) to count them together. Reading it never changes what a run does.
/// </summary>
public sealed class RunProgress
{
    private long iterations;
    private long steps;
    private long bugs;

    /// <summary>Iterations finished so far.</summary>
    public long Iterations => Interlocked.Read(ref iterations);

    /// <summary>Decisions taken by those iterations.</summary>
    public long Steps => Interlocked.Read(ref steps);

    /// <summary>Iterations that found a bug.</summary>
    public long Bugs => Interlocked.Read(ref bugs);

    internal void IterationDone(int stepCount, bool foundBug)
    {
        Interlocked.Increment(ref iterations);
        Interlocked.Add(ref steps, stepCount);
        if (foundBug)
        {
            Interlocked.Increment(ref bugs);
        }
    }
}
