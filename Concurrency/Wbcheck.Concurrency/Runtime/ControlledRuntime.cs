using System.Runtime.ExceptionServices;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// The engine's <see cref="IKernelRuntime"/>. Every model thread runs on the engine's one OS thread,
/// one step at a time: a step resumes the continuation of the thread the strategy chose and lasts
/// until that thread parks at its next scheduling point or finishes. So a run is a pure function
/// of the program and of the strategy's answers. One instance serves one iteration; its buffers
/// come from a <see cref="Workspace"/> reused across iterations, so a step allocates nothing.
/// </summary>
internal sealed class ControlledRuntime : IKernelRuntime
{
    internal static readonly StepLabel StartLabel = new("start");

    /// <summary>The shared object a spawn touches: the table that hands out thread ids.</summary>
    private static readonly ulong ThreadTableId = Footprint.IdOf("(threads)");

    private readonly Workspace workspace;
    private readonly int ownerThreadId = Environment.CurrentManagedThreadId;
    private int threadCount;
    private int running = -1;
    private int stepCount;
    private int scheduledStep;
    private volatile bool closed;
    private string? violation;
    private bool global = true;
    private bool chose;
    private bool logging;

    internal ControlledRuntime(Workspace workspace, ISchedulingStrategy strategy)
    {
        this.workspace = workspace;
        Strategy = strategy;
    }

    /// <summary>The strategy that answers choices now (the runner swaps in the fair one after the unfair steps).</summary>
    internal ISchedulingStrategy Strategy { get; set; }

    internal int ThreadCount => threadCount;

    /// <summary>
    /// The program reports every access its steps make to shared state (<see cref="Programs.SharedAccess"/>),
    /// so a step's footprint is what it reported plus what the runtime saw; otherwise every step is global.
    /// </summary>
    internal bool TracksFootprints { get; set; }

    /// <summary>The program's lassos are looked for relative to a cursor (<see cref="Lassos.LassoShape"/>); null: exact states.</summary>
    internal Lassos.LassoShape? LassoShape { get; set; }

    /// <summary>Log each step's accesses whatever the strategy wants (the shifted lasso's check reads them).</summary>
    internal bool LogsAccesses { get; set; }

    /// <summary>Objects whose reach is part of the state besides the threads': the program's setup (its monitors' closures).</summary>
    internal object?[] StateRoots { get; set; } = [];

    /// <summary>The fingerprint of the state between two steps (<see cref="StateFingerprint"/>).</summary>
    internal ulong Fingerprint() => workspace.Fingerprint.Compute(this, StateRoots);

    /// <summary>
    /// What the last step touched (<see cref="Footprint.Everything"/> unless the program tracks
    /// footprints and the strategy wants them), valid until the next step runs.
    /// </summary>
    internal Footprint LastFootprint => global || (chose && ChoicesGlobal) || workspace.Accesses.Overflowed
        ? Footprint.Everything
        : Footprint.Of(workspace.Accesses.Entries, ref workspace.FootprintBuffer);

    /// <summary>
    /// <see cref="LastFootprint"/>, with a step that made a choice taken as global whatever
    /// <see cref="ChoicesGlobal"/> says: the shifted lasso's check asks whether a step leaves pages
    /// alone, which a choice among them is not shown to do.
    /// </summary>
    internal Footprint LastFootprintChoicesGlobal => chose ? Footprint.Everything : LastFootprint;

    /// <summary>
    /// A step that makes a choice is global (<see cref="Strategies.ChoiceFootprint.Global"/>);
    /// otherwise its footprint is what it reported for the value chosen.
    /// </summary>
    internal bool ChoicesGlobal { get; set; }

    internal int StepCount => stepCount;

    internal ReadOnlySpan<TraceStep> Steps => workspace.Steps.AsSpan(0, stepCount);

    /// <summary>A bug the runtime itself noticed during the step (sleeping while atomic).</summary>
    internal BugReport? PendingBug { get; private set; }

    /// <summary>Uncontrolled concurrency noticed by the synchronization context or a foreign call; written from any thread.</summary>
    internal string? Violation => Volatile.Read(ref violation);

    /// <summary>
    /// Whether <see cref="Violation"/> was noticed on the engine's own thread, during a step: then
    /// it happens at the same point of every replay. One noticed on another thread (a timer firing)
    /// may come before or after the step that caused it is checked.
    /// </summary>
    internal bool ViolationOnEngineThread { get; private set; }

    /// <summary>
    /// A strategy gave up during a choice (a replay diverged, DFS found the program nondeterministic).
    /// Kept here as well as thrown, because model code may catch what a choice throws.
    /// </summary>
    internal ExceptionDispatchInfo? Abort { get; private set; }

    /// <inheritdoc/>
    public int? StepNumber => running >= 0 ? scheduledStep : null;

    public ModelThread Current
    {
        get
        {
            CheckOwner(nameof(Current));
            return running >= 0
                ? workspace.Threads[running].Thread
                : throw new InvalidOperationException(
                    "no model thread is running: the program's setup is not a model thread; spawn one");
        }
    }

    public Preemption Schedule(PointKind kind, StepLabel label)
    {
        ref var slot = ref RunningSlot(nameof(Schedule), label);
        slot.PendingKind = kind;
        slot.PendingLabel = label;
        slot.AwaitingPark = true;
        return new Preemption(this);
    }

    public Preemption Sleep(WaitQueue queue, StepLabel label)
    {
        ref var slot = ref RunningSlot(nameof(Sleep), label);
        slot.PendingKind = PointKind.Wait;
        slot.PendingLabel = label;
        slot.AwaitingPark = true;
        slot.Status = ThreadStatus.Sleeping;
        slot.SleepingOn = queue;
        queue.Sleepers++;
        Record(queue.AccessId);
        return new Preemption(this);
    }

    public void WakeAll(WaitQueue queue)
    {
        CheckOwner(nameof(WakeAll));
        Record(queue.AccessId);
        if (queue.Sleepers == 0)
        {
            return;
        }

        var threads = workspace.Threads;
        for (var i = 0; i < threadCount; i++)
        {
            if (threads[i].Status == ThreadStatus.Sleeping && ReferenceEquals(threads[i].SleepingOn, queue))
            {
                threads[i].Status = ThreadStatus.Runnable;
                threads[i].SleepingOn = null;
            }
        }

        queue.Sleepers = 0;
    }

    public int Choose(ChoiceKind kind, int count)
    {
        CheckOwner(nameof(Choose));
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a {kind} choice needs at least one option");
        }

        if (count == 1)
        {
            return 0;
        }

        // A step that branches on a choice is one step per value, each with the footprint it
        // reports: what it read to make the choice and what the value led it to. A strategy that
        // keeps a sleeping thread for all its values takes their union (ChoiceFootprint).
        if (running >= 0)
        {
            chose = true;
        }

        int value;
        try
        {
            value = Strategy.NextChoice(new ChoicePoint(stepCount, running, kind, count));
        }
        catch (Exception e)
        {
            Abort ??= ExceptionDispatchInfo.Capture(e);
            throw;
        }

        if ((uint)value >= (uint)count)
        {
            throw new InvalidOperationException(
                $"internal error: strategy {Strategy.Name} chose {value} for a {kind} choice of {count}");
        }

        var name = running >= 0 ? workspace.Threads[running].Thread.Name : "setup";
        Append(new TraceStep(running, name, DecisionKind.Choice, TraceNames.LabelOf(kind), value, count));
        return value;
    }

    public ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null)
    {
        CheckOwner(nameof(Spawn));
        ArgumentNullException.ThrowIfNull(body);
        workspace.EnsureThreadCapacity(threadCount + 1);
        // Thread ids are handed out in spawn order: two spawning steps do not commute.
        Record(ThreadTableId);
        var thread = new ModelThread(threadCount, name);
        workspace.Threads[threadCount++] = new ThreadSlot
        {
            Thread = thread,
            Body = body,
            Status = ThreadStatus.Runnable,
            PendingKind = firstPoint,
            PendingLabel = firstLabel ?? StartLabel,
        };
        return thread;
    }

    public void EnterAtomic(string lockName)
    {
        CheckOwner(nameof(EnterAtomic));
        workspace.Atomic.Push(lockName);
    }

    public void ExitAtomic()
    {
        CheckOwner(nameof(ExitAtomic));
        if (!workspace.Atomic.TryPop(out _))
        {
            throw new InvalidOperationException("ExitAtomic without a matching EnterAtomic");
        }
    }

    public void Park(Action continuation)
    {
        CheckOwner(nameof(Park));
        if (running < 0)
        {
            throw new InvalidOperationException("a scheduling point was awaited outside a model thread");
        }

        ref var slot = ref workspace.Threads[running];
        if (!slot.AwaitingPark)
        {
            throw new InvalidOperationException(
                $"{slot.Thread} awaited a scheduling point twice, or one not returned by Schedule or Sleep");
        }

        slot.AwaitingPark = false;
        slot.Parked = true;
        slot.Continuation = continuation;
    }

    /// <summary>The running step accessed the shared object named <paramref name="key"/>.</summary>
    internal void Touch(string key) => Touch(Footprint.IdOf(key));

    /// <summary>The running step accessed the shared object with this id (<see cref="Footprint.IdOf"/>).</summary>
    internal void Touch(ulong id)
    {
        CheckOwner(nameof(Touch));
        Record(id);
    }

    /// <summary>
    /// The running step only read the shared object with this id: it commutes with other steps that
    /// only read it (<see cref="Footprint.Independent"/>).
    /// </summary>
    internal void TouchRead(ulong id)
    {
        CheckOwner(nameof(TouchRead));
        Record(id, write: false);
    }

    /// <summary>The running step accessed shared state it cannot name: it is dependent with every step.</summary>
    internal void TouchAnything()
    {
        CheckOwner(nameof(TouchAnything));
        if (running >= 0)
        {
            global = true;
        }
    }

    internal bool IsRunnable(int threadId) => workspace.Threads[threadId].Status == ThreadStatus.Runnable;

    internal ref readonly ThreadSlot SlotOf(int threadId) => ref workspace.Threads[threadId];

    internal (DecisionKind Kind, StepLabel Label) PointOf(int threadId)
    {
        ref readonly var slot = ref workspace.Threads[threadId];
        return (TraceNames.ToDecision(slot.PendingKind), slot.PendingLabel);
    }

    /// <summary>
    /// The threads that may run, ascending, into the workspace's buffer; <paramref name="unfinished"/>
    /// tells an empty set that means "all done" from one that means "all asleep".
    /// </summary>
    internal ReadOnlySpan<int> CollectEnabled(out bool unfinished)
    {
        var threads = workspace.Threads;
        var enabled = workspace.Enabled;
        var count = 0;
        unfinished = false;
        for (var i = 0; i < threadCount; i++)
        {
            var status = threads[i].Status;
            if (status == ThreadStatus.Runnable)
            {
                enabled[count++] = i;
            }

            unfinished |= status != ThreadStatus.Finished;
        }

        return enabled.AsSpan(0, count);
    }

    /// <summary>Record that <paramref name="threadId"/> runs the next step, at the point it is parked at.</summary>
    internal void RecordSchedule(int threadId, bool preempts)
    {
        ref readonly var slot = ref workspace.Threads[threadId];
        scheduledStep = stepCount;
        Append(new TraceStep(
            threadId, slot.Thread.Name, TraceNames.ToDecision(slot.PendingKind), slot.PendingLabel, Preempts: preempts));
    }

    /// <summary>Run one step of <paramref name="threadId"/>: its first slice, or its parked continuation.</summary>
    internal StepEnd RunStep(int threadId)
    {
        // The model reports its accesses only while a log is installed: only when someone will read them.
        logging = TracksFootprints && (Strategy.WantsFootprints || LogsAccesses);
        global = !logging;
        chose = false;
        workspace.Accesses.Clear();
        Wbcheck.Model.Runtime.AccessLog.Current = logging ? workspace.Accesses : null;
        running = threadId;
        ref var slot = ref workspace.Threads[threadId];
        slot.Parked = false;
        var start = slot.Body;
        var continuation = slot.Continuation;
        slot.Body = null;
        slot.Continuation = null;
        try
        {
            if (start is not null)
            {
                var task = start();
                // The slot may have moved: a Spawn during the step can grow the array.
                workspace.Threads[threadId].Task = task ?? Task.FromException(
                    new InvalidOperationException($"{workspace.Threads[threadId].Thread}'s body returned no Task"));
            }
            else
            {
                continuation!();
            }
        }
        catch (Exception e)
        {
            // A body that is not an async method can throw before it returns its task.
            workspace.Threads[threadId].Task = Task.FromException(e);
            workspace.Threads[threadId].Parked = false;
        }
        finally
        {
            running = -1;
            Wbcheck.Model.Runtime.AccessLog.Current = null;
        }

        slot = ref workspace.Threads[threadId];
        if (slot.Parked)
        {
            return StepEnd.Parked;
        }

        if (slot.Task is { IsCompleted: true })
        {
            slot.Status = ThreadStatus.Finished;
            return StepEnd.Finished;
        }

        slot.Status = ThreadStatus.Finished;
        return StepEnd.Escaped;
    }

    /// <summary>Open spinlock sections left behind by a thread that finished inside one.</summary>
    internal string? OpenAtomicSection => workspace.Atomic.Count > 0 ? workspace.Atomic.Peek() : null;

    /// <summary>Note uncontrolled concurrency; the first note wins. Safe to call from any thread.</summary>
    internal void NoteViolation(string message)
    {
        if (Interlocked.CompareExchange(ref violation, message, null) is null && Environment.CurrentManagedThreadId == ownerThreadId)
        {
            ViolationOnEngineThread = true;
        }
    }

    /// <summary>Where the engine thread is now, for messages: "T1(name) in step 7 (yield spin)".</summary>
    internal string DescribeRunning()
    {
        if (running < 0)
        {
            return "the program's setup";
        }

        ref readonly var slot = ref workspace.Threads[running];
        var step = stepCount - 1;
        return step >= 0 && workspace.Steps[step].ThreadId == running
            ? $"{slot.Thread} in step {step} ({workspace.Steps[step].Label})"
            : slot.Thread.ToString();
    }

    /// <summary>The iteration is over: every later call (a timer firing, a stray continuation) is refused.</summary>
    internal void Close()
    {
        closed = true;
        for (var i = 0; i < threadCount; i++)
        {
            if (workspace.Threads[i].SleepingOn is { } queue)
            {
                queue.Sleepers = 0;
            }
        }

        workspace.Reset(threadCount);
    }

    private ref ThreadSlot RunningSlot(string method, StepLabel label)
    {
        CheckOwner(method);
        if (running < 0)
        {
            throw new InvalidOperationException(
                $"{method}({label}) called outside a model thread: the program's setup may only spawn threads, wake queues and choose");
        }

        ref var slot = ref workspace.Threads[running];
        if (workspace.Atomic.Count > 0)
        {
            var bug = new SleepingWhileAtomicException(slot.Thread, workspace.Atomic.Peek(), label);
            PendingBug ??= new BugReport
            {
                Kind = BugKind.SleepingWhileAtomic,
                Source = workspace.Atomic.Peek(),
                Message = $"{bug.Message}, in step {stepCount - 1} ({workspace.Steps[stepCount - 1].Label})",
                Step = stepCount - 1,
                ThreadId = running,
            };
            throw bug;
        }

        if (slot.AwaitingPark)
        {
            throw new InvalidOperationException(
                $"{slot.Thread} reached {label} without awaiting its previous scheduling point {slot.PendingLabel}: " +
                "await every Schedule and Sleep");
        }

        return ref slot;
    }

    /// <summary>Add a write (or a read) of the shared object <paramref name="id"/> to the running step's footprint.</summary>
    private void Record(ulong id, bool write = true)
    {
        if (running >= 0 && logging)
        {
            workspace.Accesses.Add((id << 1) | (write ? 1UL : 0UL));
        }
    }

    private void CheckOwner(string method)
    {
        if (Environment.CurrentManagedThreadId != ownerThreadId)
        {
            // No thread id in the message: it must read the same when the trace is replayed.
            var message =
                $"the runtime was called ({method}) from another OS thread than the engine's: " +
                "model code started work the runtime does not control (Task.Run, a thread, a timer, or an await " +
                "that resumed elsewhere, e.g. ConfigureAwait(false))";
            NoteViolation(message);
            throw new InvalidOperationException(message);
        }

        if (closed)
        {
            throw new InvalidOperationException(
                $"{method} was called after the iteration ended: something kept a model thread alive past its run");
        }
    }

    private void Append(in TraceStep step)
    {
        workspace.EnsureStepCapacity(stepCount + 1);
        workspace.Steps[stepCount++] = step;
    }
}
