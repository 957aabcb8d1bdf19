using System.Runtime.CompilerServices;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>
/// A scheduling point whose next step accesses the shared object named by its key: awaiting it
/// lets other threads run first, and when the thread resumes the access is reported
/// (<see cref="SharedAccess.Touch"/>) as part of the step that performs it. Allocation-free.
/// Returned by <see cref="SchedulingPoints"/>; await it once.
/// </summary>
public readonly struct AccessPoint : ICriticalNotifyCompletion
{
    private readonly PreemptionAwaiter awaiter;
    private readonly string? key;

    internal AccessPoint(Preemption point, string? key)
    {
        awaiter = point.GetAwaiter();
        this.key = key;
    }

    public bool IsCompleted => awaiter.IsCompleted;

    public AccessPoint GetAwaiter() => this;

    public void GetResult()
    {
        if (key is not null)
        {
            SharedAccess.Touch(key);
        }
    }

    public void OnCompleted(Action continuation) => awaiter.OnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) => awaiter.UnsafeOnCompleted(continuation);
}
