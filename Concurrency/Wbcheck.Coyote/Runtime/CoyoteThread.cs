using Wbcheck.Model.Runtime;

namespace Wbcheck.Coyote.Runtime;

/// <summary>
/// One model thread under Coyote: its body or parked continuation, the scheduling point it waits
/// at, the queue it sleeps on, and the semaphore its Coyote task blocks on while it sleeps (a
/// primitive the rewriter makes controlled, so Coyote sees the sleep and can report a deadlock).
/// </summary>
internal sealed class CoyoteThread(ModelThread thread, Func<Task> body, PointKind firstPoint, StepLabel firstLabel)
{
    public ModelThread Thread { get; } = thread;

    /// <summary>The body, until the first step calls it.</summary>
    public Func<Task>? Body { get; set; } = body;

    /// <summary>The body's task, once started: completed means the thread has finished.</summary>
    public Task? Task { get; set; }

    public Action? Continuation { get; set; }

    public PointKind PendingKind { get; set; } = firstPoint;

    public StepLabel PendingLabel { get; set; } = firstLabel;

    /// <summary>The queue it sleeps on; null while it can run.</summary>
    public WaitQueue? SleepingOn { get; set; }

    public bool AwaitingPark { get; set; }

    public bool Parked { get; set; }

    public bool Finished { get; set; }

    /// <summary>Released once for each wake-up; the thread's Coyote task waits on it while asleep.</summary>
    public SemaphoreSlim Wake { get; } = new(0);

    public override string ToString() => Thread.ToString();
}
