using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;

namespace Wbcheck.Concurrency.Tests.Primitives;

/// <summary>
/// A consumer waits for a producer's flag on a condition variable. Checking the flag before
/// taking the lock lets the producer set it and notify in between: the notify finds nobody
/// waiting and is lost, and the consumer then sleeps forever. Checking it under the lock, in a
/// loop, closes the window (the wait releases the lock and sleeps in one step).
/// </summary>
internal static class LostWakeup
{
    public static ITestProgram Create(bool checkUnderLock) => new TestProgram(
        "lost-wakeup",
        setup =>
        {
            var runtime = setup.Runtime;
            setup.DeclareFootprints();
            var mutex = new AsyncLock(runtime, "m");
            var changed = new ConditionVariable(runtime, "ready");
            var ready = new SharedVariable<bool>(runtime, "ready", false);
            runtime.Spawn("consumer", async () =>
            {
                if (checkUnderLock)
                {
                    await mutex.AcquireAsync();
                    while (!ready.Value)
                    {
                        await changed.WaitAsync(mutex);
                    }

                    mutex.Release();
                }
                else if (!await ready.ReadAsync())
                {
                    await mutex.AcquireAsync();
                    await changed.WaitAsync(mutex);
                    mutex.Release();
                }
            });
            runtime.Spawn("producer", async () =>
            {
                await mutex.AcquireAsync();
                ready.Value = true;
                changed.NotifyOne();
                mutex.Release();
            });
        },
        parameters: new Dictionary<string, string> { ["check-under-lock"] = checkUnderLock ? "yes" : "no" });
}
