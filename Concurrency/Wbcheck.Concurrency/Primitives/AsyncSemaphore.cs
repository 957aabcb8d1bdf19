using System.Runtime.CompilerServices;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>
/// A counting semaphore for programs on the engine (Coyote's and .NET's <c>Semaphore</c>, with
/// <c>WaitAsync</c> and <c>Release</c>): <see cref="WaitAsync"/> is a lock point, then takes a
/// unit or sleeps until one is released; <see cref="Release"/> never blocks and is no point. A
/// release past <see cref="MaxCount"/> throws <see cref="SemaphoreFullException"/>, as .NET's
/// does, so an over-release is reported as a bug where it happens rather than letting one thread
/// too many in later. Woken sleepers race for the units (as <see cref="AsyncLock"/>'s barging
/// policy). Each access is reported as a touch of the queue "semaphore <see cref="Name"/>".
/// </summary>
public sealed class AsyncSemaphore
{
    private readonly IKernelRuntime runtime;
    private readonly WaitQueue queue;
    private readonly ulong queueId;
    private readonly StepLabel label;

    public AsyncSemaphore(IKernelRuntime runtime, string name, int initialCount, int maxCount = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initialCount, maxCount);
        this.runtime = runtime;
        Name = name;
        MaxCount = maxCount;
        CurrentCount = initialCount;
        queue = new WaitQueue($"semaphore {name}") { HolderNote = $"the holders of semaphore {name}'s units" };
        queueId = Footprint.IdOf(queue.Name);
        label = new StepLabel($"wait({name})");
    }

    public string Name { get; }

    public int MaxCount { get; }

    /// <summary>Units free now.</summary>
    public int CurrentCount { get; private set; }

    /// <summary>Take a unit: a lock point, then a unit, or sleep until one is released.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WaitAsync()
    {
        await runtime.Schedule(PointKind.Lock, label);
        SharedAccess.Touch(queueId);
        while (CurrentCount == 0)
        {
            await runtime.Sleep(queue, label);
            SharedAccess.Touch(queueId);
        }

        CurrentCount--;
    }

    /// <summary>Give a unit back and wake the sleepers.</summary>
    /// <exception cref="SemaphoreFullException">The count is already <see cref="MaxCount"/>: more releases than waits.</exception>
    public void Release()
    {
        SharedAccess.Touch(queueId);
        if (CurrentCount == MaxCount)
        {
            throw new SemaphoreFullException(
                $"semaphore {Name} released by {runtime.Current} past its maximum count of {MaxCount}: more Release than WaitAsync");
        }

        CurrentCount++;
        runtime.WakeAll(queue);
    }
}
