using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Stepping;

/// <summary>
/// The engine's controlled runtime driven by hand: the caller spawns model threads and advances
/// whichever one it likes by one scheduling point at a time, for property tests whose commands
/// say which thread runs next. Nothing runs unless stepped: a thread the model spawns (an I/O
/// completion) waits, runnable, until the caller steps it. Choices go to <see cref="Chooser"/>.
/// One instance serves one run, on the OS thread that made it.
/// </summary>
public sealed class SteppedRuntime
{
    private readonly ControlledRuntime runtime;
    private readonly ControlledSynchronizationContext context;
    private int previous = -1;

    public SteppedRuntime(Func<ChoiceKind, int, int>? chooser = null)
    {
        Chooser = chooser ?? (static (_, _) => 0);
        runtime = new ControlledRuntime(new Workspace(), new CallerChoices(this));
        context = new ControlledSynchronizationContext(runtime, Environment.CurrentManagedThreadId);
    }

    /// <summary>The runtime to build the model on.</summary>
    public IKernelRuntime Runtime => runtime;

    /// <summary>Answers the model's nondeterministic choices (kind, count) with a value in [0, count); the default takes 0.</summary>
    public Func<ChoiceKind, int, int> Chooser { get; set; }

    /// <summary>Threads spawned so far, by the caller or by the model; a thread's id is its place here.</summary>
    public int ThreadCount => runtime.ThreadCount;

    /// <summary>The decisions so far: each step run and each choice made, in order.</summary>
    public ReadOnlySpan<TraceStep> Trace => runtime.Steps;

    /// <summary>The thread with id <paramref name="id"/>.</summary>
    public ModelThread Thread(int id) => runtime.SlotOf(CheckId(id)).Thread;

    /// <summary>Start a model thread, parked before its first step.</summary>
    public ModelThread Spawn(string name, Func<Task> body) => runtime.Spawn(name, body);

    public SteppedThreadStatus StatusOf(ModelThread thread)
    {
        ref readonly var slot = ref runtime.SlotOf(CheckId(thread.Id));
        return slot.Status switch
        {
            ThreadStatus.Runnable => SteppedThreadStatus.Runnable,
            ThreadStatus.Sleeping => SteppedThreadStatus.Sleeping,
            _ => slot.Task is { IsFaulted: true } or { IsCanceled: true } ? SteppedThreadStatus.Failed : SteppedThreadStatus.Finished,
        };
    }

    /// <summary>The scheduling point <paramref name="thread"/> waits at: what its next step starts with.</summary>
    public StepLabel NextPointOf(ModelThread thread) => runtime.PointOf(CheckId(thread.Id)).Label;

    /// <summary>The exception <paramref name="thread"/> finished with, or null.</summary>
    public Exception? FailureOf(ModelThread thread)
    {
        var task = runtime.SlotOf(CheckId(thread.Id)).Task;
        return task switch
        {
            { IsFaulted: true } => task.Exception!.InnerExceptions[0],
            { IsCanceled: true } => new TaskCanceledException(task),
            _ => null,
        };
    }

    /// <summary>
    /// Run one step of <paramref name="thread"/>, which must be runnable: from the scheduling point
    /// it is parked at to its next one, or to its end. Returns where it stands afterwards. Throws
    /// when the thread escaped the runtime (awaited something it does not control).
    /// </summary>
    public SteppedThreadStatus Step(ModelThread thread)
    {
        var id = CheckId(thread.Id);
        if (!runtime.IsRunnable(id))
        {
            throw new InvalidOperationException($"{thread} cannot be stepped: it is {StatusOf(thread).ToString().ToLowerInvariant()}");
        }

        runtime.RecordSchedule(id, preempts: previous >= 0 && previous != id && runtime.IsRunnable(previous));
        previous = id;
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        StepEnd end;
        try
        {
            end = runtime.RunStep(id);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }

        runtime.Abort?.Throw();
        if (runtime.Violation is { } violation)
        {
            throw new InvalidOperationException($"uncontrolled concurrency: {violation}");
        }

        if (end == StepEnd.Escaped)
        {
            throw new InvalidOperationException(
                $"uncontrolled concurrency: {thread} awaited something the runtime does not control (Task.Delay, Task.Run, " +
                "a timer or a foreign task); model code may await only the runtime's Schedule and Sleep");
        }

        return StatusOf(thread);
    }

    /// <summary>
    /// The threads asleep now, each with what it waits on and who holds that, and the cycle among
    /// them if there is one: the report of a deadlock when nothing is left to step.
    /// </summary>
    public IReadOnlyList<string> DescribeSleepers()
    {
        var report = DeadlockAnalysis.Report(runtime);
        return [report.Message, .. report.Details];
    }

    private int CheckId(int id) =>
        (uint)id < (uint)runtime.ThreadCount ? id : throw new ArgumentOutOfRangeException(nameof(id), id, $"no thread T{id}: {runtime.ThreadCount} spawned");
}
