using System.Runtime.CompilerServices;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>
/// A non-reentrant mutual-exclusion lock for programs on the engine (Coyote's <c>AsyncLock</c>,
/// shuttle's <c>Mutex</c>). <see cref="AcquireAsync"/> is a lock point (another thread may run
/// first), then takes the lock or sleeps; <see cref="Release"/> never blocks and is no point.
/// Two hand-off policies:
/// <list type="bullet">
/// <item><b>barging</b> (the default, the kernel's mutex and pthreads'): release frees the lock
/// and wakes every sleeper; whoever runs first takes it, the releaser included, and the others
/// sleep again. A waiter can be overtaken again and again (starvation).</item>
/// <item><b>fair</b> (<c>fair: true</c>, Coyote's <c>AsyncLock</c>): release hands the lock to the
/// longest waiter, which owns it before it even runs; nobody overtakes a waiter.</item>
/// </list>
/// Every look at the lock is reported as a touch of <see cref="Name"/>'s queue ("lock m"), so
/// the partial-order reduction orders two steps on the same lock and commutes the rest.
/// Acquiring a lock the thread holds sleeps forever: a deadlock report says so.
/// </summary>
public sealed class AsyncLock
{
    private readonly IKernelRuntime runtime;
    private readonly WaitQueue queue;
    private readonly ulong queueId;
    private readonly FifoWaiters? fairWaiters;
    private readonly StepLabel label;
    private int contenders;

    public AsyncLock(IKernelRuntime runtime, string name, bool fair = false)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentException.ThrowIfNullOrEmpty(name);
        this.runtime = runtime;
        Name = name;
        queue = new WaitQueue($"lock {name}");
        queueId = Footprint.IdOf(queue.Name);
        fairWaiters = fair ? new FifoWaiters(queue.Name) : null;
        label = new StepLabel($"lock({name})");
    }

    public string Name { get; }

    /// <summary>Release hands the lock to the longest waiter (else it frees it, and sleepers race for it).</summary>
    public bool IsFair => fairWaiters is not null;

    /// <summary>The thread that holds the lock, if one does.</summary>
    public ModelThread? Owner { get; private set; }

    public bool IsHeld => Owner is not null;

    /// <summary>
    /// Threads that found the lock held and do not have it yet: asleep, or (barging) woken and
    /// about to look again. A thread that takes the lock while this is not zero overtakes them.
    /// </summary>
    public int Waiting => fairWaiters?.Count ?? contenders;

    /// <summary>Take the lock: a lock point, then the lock, or sleep until it is handed over or free.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask AcquireAsync()
    {
        await runtime.Schedule(PointKind.Lock, label);
        await TakeAsync();
    }

    /// <summary>Give the lock up: to the longest waiter if fair, else to whoever takes it first.</summary>
    /// <exception cref="SynchronizationLockException">The running thread does not hold the lock.</exception>
    public void Release()
    {
        var me = runtime.Current;
        SharedAccess.Touch(queueId);
        if (!ReferenceEquals(Owner, me))
        {
            throw new SynchronizationLockException(
                $"{me} released lock {Name}, held by {Owner?.ToString() ?? "no thread"}: release only a lock the thread acquired");
        }

        if (fairWaiters is not null)
        {
            Owner = fairWaiters.WakeFirst(runtime);
            fairWaiters.SetHolder(Owner);
            return;
        }

        Owner = null;
        queue.Holder = null;
        runtime.WakeAll(queue);
    }

    /// <summary>
    /// Take the lock without a lock point first: for a thread that resumes from a point of its own
    /// (a condition variable's wake-up), where others could already run.
    /// </summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask TakeAsync()
    {
        var me = runtime.Current;
        SharedAccess.Touch(queueId);
        if (fairWaiters is not null)
        {
            if (Owner is null)
            {
                Owner = me;
                return;
            }

            var mine = fairWaiters.Enqueue(me, Owner);
            while (!ReferenceEquals(Owner, me))
            {
                await runtime.Sleep(mine, label);
            }

            return;
        }

        if (Owner is not null)
        {
            contenders++;
            while (Owner is not null)
            {
                await runtime.Sleep(queue, label);
                SharedAccess.Touch(queueId);
            }

            contenders--;
        }

        Owner = me;
        queue.Holder = me;
    }
}
