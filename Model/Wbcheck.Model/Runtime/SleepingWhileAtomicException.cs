namespace Wbcheck.Model.Runtime;

/// <summary>
/// A model thread reached a scheduling point inside a spinlock section: in the kernel this is
/// "BUG: sleeping function called from invalid context", and it is reported as a bug.
/// </summary>
public sealed class SleepingWhileAtomicException(ModelThread thread, string lockName, StepLabel label)
    : Exception($"sleeping while atomic: {thread} reached {label} while holding {lockName}")
{
    public ModelThread Thread { get; } = thread;

    public string LockName { get; } = lockName;

    public StepLabel Label { get; } = label;
}
