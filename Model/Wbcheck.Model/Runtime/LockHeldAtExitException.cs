namespace Wbcheck.Model.Runtime;

/// <summary>
/// A model operation ended inside a spinlock section: in the kernel, lockdep's check on the way
/// back to user space (lockdep_sys_exit) reports "lock held when returning to user space!", and
/// the next task to want the lock spins for ever. A bug of the model's code (an unlock left out on
/// one of its paths), reported where it happens rather than at the next sleep.
/// </summary>
public sealed class LockHeldAtExitException(ModelThread thread, string lockName)
    : Exception($"lock held when returning to user space: {thread} ended holding {lockName}")
{
    public ModelThread Thread { get; } = thread;

    public string LockName { get; } = lockName;
}
