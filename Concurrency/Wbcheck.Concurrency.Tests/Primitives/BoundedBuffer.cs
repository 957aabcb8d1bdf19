using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Primitives;

/// <summary>
/// A user's own model on the engine API (the worked example of docs/engine-api.md): a bounded
/// buffer guarded by a lock, with producers waiting while it is full and consumers while it is
/// empty. With one condition variable for both and <see cref="ConditionVariable.NotifyOne"/>, a
/// consumer can wake the other consumer instead of the producer, and every thread ends asleep.
/// Two condition variables (not full, not empty) wake the right side.
/// </summary>
internal sealed class BoundedBuffer
{
    private readonly Queue<int> items = new();
    private readonly int capacity;
    private readonly AsyncLock mutex;
    private readonly ConditionVariable notFull;
    private readonly ConditionVariable notEmpty;

    public BoundedBuffer(IKernelRuntime runtime, int capacity, bool oneCondition)
    {
        this.capacity = capacity;
        mutex = new AsyncLock(runtime, "buffer");
        notFull = new ConditionVariable(runtime, oneCondition ? "changed" : "not full");
        notEmpty = oneCondition ? notFull : new ConditionVariable(runtime, "not empty");
    }

    public int Count => items.Count;

    public async Task PutAsync(int item)
    {
        await mutex.AcquireAsync();
        while (items.Count == capacity)
        {
            await notFull.WaitAsync(mutex);
        }

        SharedAccess.Touch("buffer items");
        items.Enqueue(item);
        notEmpty.NotifyOne();
        mutex.Release();
    }

    public async Task<int> TakeAsync()
    {
        await mutex.AcquireAsync();
        while (items.Count == 0)
        {
            await notEmpty.WaitAsync(mutex);
        }

        SharedAccess.Touch("buffer items");
        var item = items.Dequeue();
        notFull.NotifyOne();
        mutex.Release();
        return item;
    }

    /// <summary>One producer putting <paramref name="consumers"/> items into a buffer of one, and as many consumers taking one each.</summary>
    public static ITestProgram Program(bool oneCondition, int consumers = 2) => new TestProgram(
        "bounded-buffer",
        setup =>
        {
            var runtime = setup.Runtime;
            setup.DeclareFootprints();
            var buffer = new BoundedBuffer(runtime, capacity: 1, oneCondition);
            runtime.Spawn("producer", async () =>
            {
                for (var i = 0; i < consumers; i++)
                {
                    await buffer.PutAsync(i);
                }
            });
            for (var i = 0; i < consumers; i++)
            {
                runtime.Spawn($"consumer{i}", async () => await buffer.TakeAsync());
            }

            setup.AddSafetyMonitor("within capacity", () => buffer.Count > 1 ? $"{buffer.Count} items in a buffer of 1" : null);
        },
        parameters: new Dictionary<string, string>
        {
            ["conditions"] = oneCondition ? "1" : "2",
            ["consumers"] = consumers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
