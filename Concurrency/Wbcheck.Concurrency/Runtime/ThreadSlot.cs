using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// The scheduling state of one model thread. A struct in an array reused across iterations, so
/// that a step touches no heap object of ours.
/// </summary>
internal struct ThreadSlot
{
    public ModelThread Thread;

    /// <summary>The body, until the first step calls it.</summary>
    public Func<Task>? Body;

    /// <summary>The body's task, once started: completed means the thread has finished.</summary>
    public Task? Task;

    /// <summary>What the thread runs next: set by <see cref="IKernelRuntime.Park"/>.</summary>
    public Action? Continuation;

    public ThreadStatus Status;

    /// <summary>The scheduling point the thread waits at, recorded in the trace when it next runs.</summary>
    public PointKind PendingKind;

    public StepLabel PendingLabel;

    /// <summary>The queue it sleeps on, while <see cref="Status"/> is <see cref="ThreadStatus.Sleeping"/>.</summary>
    public WaitQueue? SleepingOn;

    /// <summary>Schedule or Sleep returned a point that must now be awaited (which calls Park).</summary>
    public bool AwaitingPark;

    /// <summary>Park was called during the current step.</summary>
    public bool Parked;
}
