using System.Runtime.CompilerServices;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>
/// A condition variable used with an <see cref="AsyncLock"/> (shuttle's and C++'s
/// <c>Condvar</c>: <see cref="WaitAsync"/>, <see cref="NotifyOne"/>, <see cref="NotifyAll"/>).
/// <see cref="WaitAsync"/> releases the lock and sleeps in one step, so no notify falls between
/// them; a notify wakes only threads already waiting (a notify with nobody waiting is lost: wait
/// in a loop on the condition, checked under the lock). A woken thread takes the lock back before
/// <see cref="WaitAsync"/> returns. Waiters are woken in arrival order; there are no spurious
/// wake-ups. Each access is reported as a touch of the queue "condition <see cref="Name"/>".
/// </summary>
public sealed class ConditionVariable
{
    private readonly IKernelRuntime runtime;
    private readonly FifoWaiters waiters;
    private readonly string key;
    private readonly ulong keyId;
    private readonly StepLabel label;

    public ConditionVariable(IKernelRuntime runtime, string name)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentException.ThrowIfNullOrEmpty(name);
        this.runtime = runtime;
        Name = name;
        key = $"condition {name}";
        keyId = Footprint.IdOf(key);
        waiters = new FifoWaiters(key);
        label = new StepLabel($"wait({name})");
    }

    public string Name { get; }

    /// <summary>Threads waiting now.</summary>
    public int Waiting => waiters.Count;

    /// <summary>Release <paramref name="mutex"/>, sleep until notified, take <paramref name="mutex"/> back.</summary>
    /// <exception cref="SynchronizationLockException">The running thread does not hold <paramref name="mutex"/>.</exception>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WaitAsync(AsyncLock mutex)
    {
        ArgumentNullException.ThrowIfNull(mutex);
        var me = runtime.Current;
        if (!ReferenceEquals(mutex.Owner, me))
        {
            throw new SynchronizationLockException(
                $"{me} waited on condition {Name} without holding lock {mutex.Name}: acquire it first");
        }

        SharedAccess.Touch(keyId);
        // Nobody holds a condition: a waiter that is never notified shows as "held by nobody".
        var mine = waiters.Enqueue(me, null);
        mutex.Release();
        await runtime.Sleep(mine, label);
        await mutex.TakeAsync();
    }

    /// <summary>Wake the longest waiter, if any.</summary>
    public void NotifyOne()
    {
        SharedAccess.Touch(keyId);
        waiters.WakeFirst(runtime);
    }

    /// <summary>Wake every waiter.</summary>
    public void NotifyAll()
    {
        SharedAccess.Touch(keyId);
        waiters.WakeAll(runtime);
    }
}
