namespace Wbcheck.Model.Runtime;

/// <summary>
/// The trivial executor: runs one operation straight through on the caller's thread. Scheduling
/// points do not suspend; a sleep cannot be woken by anyone, so it throws
/// <see cref="WouldBlockException"/> instead of hanging. Threads the model spawns (I/O
/// completions) are queued for the caller to run, in any order it likes; with
/// <see cref="RunPendingWhenBlocked"/> a sleep first runs them, oldest first, until one wakes it.
/// </summary>
public sealed class SequentialRuntime : IKernelRuntime
{
    private readonly List<(ModelThread Thread, Func<Task> Body)> pending = [];
    private readonly Stack<string> atomic = new();
    /// <summary>
    /// How many wake-ups each queue has had: a sleeper is woken by one that comes after it began
    /// to sleep. A pending thread run for one sleeper may itself sleep on the same queue; a wake
    /// wakes both (wake_up_all), each seeing it against its own start.
    /// </summary>
    private readonly Dictionary<WaitQueue, long> wakeups = [];
    private readonly Queue<(StepLabel Label, ModelThread Thread)> recentSteps = new();
    private int nextThreadId;
    private ModelThread? current;
    private long steps;

    /// <summary>
    /// The most scheduling points (yields, waits and sleeps) one operation run with
    /// <see cref="Run"/> or <see cref="RunPending"/> may pass, the threads it runs meanwhile
    /// included; past it the operation throws <see cref="StepBoundExceededException"/> naming the
    /// steps it kept taking. Unit-test operations take hundreds; a loop that never ends would
    /// otherwise hang the test. Null: no bound.
    /// </summary>
    public long? MaxSteps { get; set; } = 1_000_000;

    /// <summary>The scheduling points the running operation, or the last one, has passed.</summary>
    public long OperationSteps => steps;

    /// <summary>Answers nondeterministic choices; the default takes option 0 (the common case).</summary>
    public Func<ChoiceKind, int, int> Chooser { get; set; } = static (_, _) => 0;

    /// <summary>
    /// When a thread would sleep, run pending threads, oldest first, until one wakes it; only
    /// when none is left does it report "would block". Lets an fsync wait for its own I/O.
    /// </summary>
    public bool RunPendingWhenBlocked { get; set; }

    /// <summary>
    /// When a thread sleeps for a time (a scheduling point of kind <see cref="PointKind.Wait"/>:
    /// io_schedule_timeout, congestion_wait with nothing in flight), first run the threads that
    /// were pending when it began, oldest first: the disk completes writes and the flusher works
    /// while the sleeper's time passes. Off by default, where a timed sleep runs nothing.
    /// </summary>
    public bool RunPendingOnTimedSleep { get; set; }

    public ModelThread Current => current ?? throw new InvalidOperationException("no model thread is running");

    /// <summary>Threads spawned by the model and not yet run, oldest first.</summary>
    public IReadOnlyList<ModelThread> Pending => pending.ConvertAll(p => p.Thread);

    /// <summary>Run <paramref name="operation"/> to its end as a new model thread named <paramref name="name"/>.</summary>
    public void Run(string name, Func<Task> operation) => RunThread(new ModelThread(nextThreadId++, name), operation);

    /// <summary>Run to its end the pending thread at <paramref name="index"/> of <see cref="Pending"/>.</summary>
    public void RunPending(int index)
    {
        var (thread, body) = pending[index];
        pending.RemoveAt(index);
        RunThread(thread, body);
    }

    /// <summary>Run pending threads, oldest first, until none is left.</summary>
    public void RunAllPending()
    {
        while (pending.Count > 0)
        {
            RunPending(0);
        }
    }

    public Preemption Schedule(PointKind kind, StepLabel label)
    {
        CheckNotAtomic(label);
        CountStep(label);
        if (RunPendingOnTimedSleep && kind == PointKind.Wait)
        {
            for (var count = pending.Count; count > 0 && pending.Count > 0; count--)
            {
                RunPending(0);
            }
        }

        return Preemption.Completed;
    }

    public Preemption Sleep(WaitQueue queue, StepLabel label)
    {
        CheckNotAtomic(label);
        CountStep(label);
        if (RunPendingWhenBlocked)
        {
            // A pending thread run here may itself sleep and run others: a wake for this queue
            // can come from any depth.
            var start = wakeups.GetValueOrDefault(queue);
            while (wakeups.GetValueOrDefault(queue) == start && pending.Count > 0)
            {
                RunPending(0);
            }

            if (wakeups.GetValueOrDefault(queue) != start)
            {
                return Preemption.Completed; // the caller re-checks its condition
            }
        }

        throw new WouldBlockException(queue, label);
    }

    public void WakeAll(WaitQueue queue)
    {
        wakeups[queue] = wakeups.GetValueOrDefault(queue) + 1;
    }

    public int Choose(ChoiceKind kind, int count)
    {
        var choice = Chooser(kind, count);
        if ((uint)choice >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), $"choice {choice} of {kind} is outside [0, {count})");
        }

        return choice;
    }

    public ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null)
    {
        var thread = new ModelThread(nextThreadId++, name);
        pending.Add((thread, body));
        return thread;
    }

    public void EnterAtomic(string lockName) => atomic.Push(lockName);

    public void ExitAtomic() => atomic.Pop();

    public void Park(Action continuation) =>
        throw new InvalidOperationException("the sequential executor never suspends a thread");

    private void CheckNotAtomic(StepLabel label)
    {
        if (atomic.Count > 0)
        {
            throw new SleepingWhileAtomicException(Current, atomic.Peek(), label);
        }
    }

    /// <summary>Count a scheduling point of the running operation against <see cref="MaxSteps"/>, keeping the last few to name the loop.</summary>
    private void CountStep(StepLabel label)
    {
        const int Kept = 64;
        if (recentSteps.Count == Kept)
        {
            recentSteps.Dequeue();
        }

        // Kept as they are, named only when the bound is passed: no string a step.
        recentSteps.Enqueue((label, Current));
        if (++steps > MaxSteps)
        {
            var loop = string.Join(", ", recentSteps
                .Select(step => $"{step.Label} ({step.Thread.Name})")
                .GroupBy(step => step)
                .OrderByDescending(group => group.Count())
                .ThenBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => $"{group.Key} x{group.Count()}"));
            throw new StepBoundExceededException(MaxSteps.Value, $"{loop} (of the last {recentSteps.Count} steps)");
        }
    }

    private void RunThread(ModelThread thread, Func<Task> body)
    {
        var previous = current;
        if (previous is null)
        {
            // A new operation: the bound is per operation, not per runtime.
            steps = 0;
            recentSteps.Clear();
        }

        current = thread;
        try
        {
            var task = body();
            if (!task.IsCompleted)
            {
                throw new InvalidOperationException(
                    $"uncontrolled concurrency: {thread} awaited something the runtime does not control " +
                    "(a delay, a thread-pool task, a timer or a foreign task); model code may await only the runtime");
            }

            task.GetAwaiter().GetResult();

            // lockdep_sys_exit: an operation must not return holding a spinlock.
            if (previous is null && atomic.Count > 0)
            {
                throw new LockHeldAtExitException(thread, atomic.Peek());
            }
        }
        finally
        {
            if (previous is null)
            {
                atomic.Clear();
            }

            current = previous;
        }
    }
}
