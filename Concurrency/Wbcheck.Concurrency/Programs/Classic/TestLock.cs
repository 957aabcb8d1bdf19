using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// A sleeping lock: a flag and a wait queue; unlock wakes every sleeper, which re-checks. Each
/// look at the flag reports the lock as touched (<see cref="SharedAccess"/>).
/// </summary>
public sealed class TestLock(string name)
{
    private readonly WaitQueue queue = new($"lock {name}");
    private readonly StepLabel label = new($"lock({name})");

    public bool Held { get; private set; }

    public async Task Lock(IKernelRuntime runtime)
    {
        await runtime.Schedule(PointKind.Lock, label);
        while (Touched(Held))
        {
            await runtime.Sleep(queue, label);
        }

        Held = true;
        queue.Holder = runtime.Current;
    }

    public void Unlock(IKernelRuntime runtime)
    {
        SharedAccess.Touch(queue.Name);
        Held = false;
        queue.Holder = null;
        runtime.WakeAll(queue);
    }

    private bool Touched(bool held)
    {
        SharedAccess.Touch(queue.Name);
        return held;
    }
}
