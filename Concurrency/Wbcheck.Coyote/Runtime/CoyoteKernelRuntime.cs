using Microsoft.Coyote.Random;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Coyote.Runtime;

/// <summary>
/// The model's <see cref="IKernelRuntime"/> under Coyote. Each model thread is a Coyote-controlled
/// task (see <see cref="CoyoteIteration"/>) that runs one step of the thread at a time: its first
/// slice or its parked continuation, until the thread parks at its next scheduling point. Between
/// steps the task reaches a Coyote scheduling point (<c>SchedulingPoint.Interleave</c>), or, asleep,
/// waits on a semaphore that a wake-up releases; Coyote decides which task goes on. Inside a step
/// nothing reaches Coyote but its controlled random choices: spawns and wake-ups are queued and
/// handed to Coyote when the step ends, so that a step is as atomic as under our own engine, and
/// the sequence of model threads at Coyote's scheduling points is a schedule our engine replays.
/// </summary>
internal sealed class CoyoteKernelRuntime : IKernelRuntime
{
    internal static readonly StepLabel StartLabel = new("start");

    private readonly List<CoyoteThread> threads = [];
    private readonly List<TraceStep> steps = [];
    private readonly Stack<string> atomic = new();
    private readonly List<CoyoteThread> started = [];
    private readonly List<CoyoteThread> woken = [];
    private readonly Generator random;
    private CoyoteThread? running;
    private int previous = -1;
    private volatile bool closed;

    /// <param name="random">Coyote's controlled random generator of this iteration: every <see cref="Choose"/> goes through it.</param>
    internal CoyoteKernelRuntime(Generator random) => this.random = random;

    internal IReadOnlyList<CoyoteThread> Threads => threads;

    /// <summary>The decisions so far, in our engine's trace format: the thread of each step and each choice.</summary>
    internal IReadOnlyList<TraceStep> Steps => steps;

    /// <summary>Decisions so far, scheduling steps and choices, as our engine counts them.</summary>
    internal int StepCount => steps.Count;

    /// <summary>The model thread whose step is running, if any.</summary>
    internal CoyoteThread? Running => running;

    /// <summary>The thread of the last step started, and that step's index; null before the first.</summary>
    internal (CoyoteThread Thread, int Step)? LastStep { get; private set; }

    /// <summary>A bug the runtime itself noticed during the step (sleeping while atomic).</summary>
    internal BugReport? PendingBug { get; private set; }

    /// <inheritdoc/>
    public int? StepNumber => running is not null ? LastStep?.Step : null;

    public ModelThread Current => running?.Thread ?? throw new InvalidOperationException(
        "no model thread is running: the program's setup is not a model thread; spawn one");

    public Preemption Schedule(PointKind kind, StepLabel label)
    {
        var thread = RunningThread(nameof(Schedule), label);
        thread.PendingKind = kind;
        thread.PendingLabel = label;
        thread.AwaitingPark = true;
        return new Preemption(this);
    }

    public Preemption Sleep(WaitQueue queue, StepLabel label)
    {
        var thread = RunningThread(nameof(Sleep), label);
        thread.PendingKind = PointKind.Wait;
        thread.PendingLabel = label;
        thread.AwaitingPark = true;
        thread.SleepingOn = queue;
        queue.Sleepers++;
        return new Preemption(this);
    }

    public void WakeAll(WaitQueue queue)
    {
        CheckOpen(nameof(WakeAll));
        if (queue.Sleepers == 0)
        {
            return;
        }

        foreach (var thread in threads)
        {
            if (ReferenceEquals(thread.SleepingOn, queue))
            {
                thread.SleepingOn = null;
                woken.Add(thread);
            }
        }

        queue.Sleepers = 0;
    }

    public int Choose(ChoiceKind kind, int count)
    {
        CheckOpen(nameof(Choose));
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a {kind} choice needs at least one option");
        }

        if (count == 1)
        {
            return 0;
        }

        var value = random.NextInteger(count);
        steps.Add(new TraceStep(
            running?.Thread.Id ?? -1, running?.Thread.Name ?? "setup", DecisionKind.Choice, TraceNames.LabelOf(kind), value, count));
        return value;
    }

    public ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null)
    {
        CheckOpen(nameof(Spawn));
        ArgumentNullException.ThrowIfNull(body);
        var thread = new CoyoteThread(new ModelThread(threads.Count, name), body, firstPoint, firstLabel ?? StartLabel);
        threads.Add(thread);
        started.Add(thread);
        return thread.Thread;
    }

    public void EnterAtomic(string lockName)
    {
        CheckOpen(nameof(EnterAtomic));
        atomic.Push(lockName);
    }

    public void ExitAtomic()
    {
        CheckOpen(nameof(ExitAtomic));
        if (!atomic.TryPop(out _))
        {
            throw new InvalidOperationException("ExitAtomic without a matching EnterAtomic");
        }
    }

    public void Park(Action continuation)
    {
        CheckOpen(nameof(Park));
        var thread = running ?? throw new InvalidOperationException("a scheduling point was awaited outside a model thread");
        if (!thread.AwaitingPark)
        {
            throw new InvalidOperationException(
                $"{thread} awaited a scheduling point twice, or one not returned by Schedule or Sleep");
        }

        thread.AwaitingPark = false;
        thread.Parked = true;
        thread.Continuation = continuation;
    }

    /// <summary>Threads spawned since the last call, to start as Coyote tasks now that the step is over.</summary>
    internal List<CoyoteThread> TakeStarted() => Take(started);

    /// <summary>Threads woken since the last call, whose semaphores to release now that the step is over.</summary>
    internal List<CoyoteThread> TakeWoken() => Take(woken);

    /// <summary>Run one step of <paramref name="thread"/>, recording it as our engine would.</summary>
    internal StepOutcome RunStep(CoyoteThread thread)
    {
        CheckOpen(nameof(RunStep));
        var previousCanRun = previous >= 0 && threads[previous] is { Finished: false, SleepingOn: null };
        steps.Add(new TraceStep(
            thread.Thread.Id, thread.Thread.Name, TraceNames.ToDecision(thread.PendingKind), thread.PendingLabel,
            Preempts: previousCanRun && previous != thread.Thread.Id));
        previous = thread.Thread.Id;
        LastStep = (thread, steps.Count - 1);
        running = thread;
        thread.Parked = false;
        var start = thread.Body;
        var continuation = thread.Continuation;
        thread.Body = null;
        thread.Continuation = null;
        try
        {
            if (start is not null)
            {
                thread.Task = start() ?? Task.FromException(new InvalidOperationException($"{thread}'s body returned no Task"));
            }
            else
            {
                continuation!();
            }
        }
        catch (Exception e)
        {
            // A body that is not an async method can throw before it returns its task.
            thread.Task = Task.FromException(e);
            thread.Parked = false;
        }
        finally
        {
            running = null;
        }

        if (thread.Parked)
        {
            return thread.SleepingOn is null ? StepOutcome.Runnable : StepOutcome.Sleeping;
        }

        thread.Finished = true;
        return StepOutcome.Done;
    }

    /// <summary>Open spinlock sections left behind by a thread that finished inside one.</summary>
    internal string? OpenAtomicSection => atomic.Count > 0 ? atomic.Peek() : null;

    /// <summary>Where a step is: "in step 7 (lock_page(3))".</summary>
    internal string WhereIs(int step) =>
        step >= 0 && step < steps.Count ? $"in step {step} ({steps[step].Label})" : $"in step {step}";

    /// <summary>The iteration is over: every later call (a stray continuation, a timer) is refused.</summary>
    internal void Close() => closed = true;

    private CoyoteThread RunningThread(string method, StepLabel label)
    {
        CheckOpen(method);
        var thread = running ?? throw new InvalidOperationException(
            $"{method}({label}) called outside a model thread: the program's setup may only spawn threads, wake queues and choose");
        if (atomic.Count > 0)
        {
            var bug = new SleepingWhileAtomicException(thread.Thread, atomic.Peek(), label);
            PendingBug ??= new BugReport
            {
                Kind = BugKind.SleepingWhileAtomic,
                Source = atomic.Peek(),
                Message = $"{bug.Message}, {WhereIs(steps.Count - 1)}",
                Step = steps.Count - 1,
                ThreadId = thread.Thread.Id,
            };
            throw bug;
        }

        if (thread.AwaitingPark)
        {
            throw new InvalidOperationException(
                $"{thread} reached {label} without awaiting its previous scheduling point {thread.PendingLabel}: " +
                "await every Schedule and Sleep");
        }

        return thread;
    }

    private void CheckOpen(string method)
    {
        if (closed)
        {
            throw new InvalidOperationException(
                $"{method} was called after the Coyote iteration ended: model code started work Coyote does not control " +
                "(Task.Run, a thread, a timer, or an await of a foreign task)");
        }
    }

    private static List<CoyoteThread> Take(List<CoyoteThread> list)
    {
        var taken = new List<CoyoteThread>(list);
        list.Clear();
        return taken;
    }
}
