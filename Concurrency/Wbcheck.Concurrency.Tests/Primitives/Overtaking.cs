using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Primitives;

/// <summary>
/// "greedy" takes the lock twice, "waiter" once; each time greedy takes it, it asserts nobody was
/// already waiting for it. A barging lock breaks that: greedy releases (waking waiter) and takes
/// the lock again before waiter runs. A fair lock hands it to waiter, so greedy cannot overtake.
/// </summary>
internal static class Overtaking
{
    private static readonly StepLabel Critical = new("critical");

    public static ITestProgram Create(bool fair) => new TestProgram(
        "overtaking",
        setup =>
        {
            var runtime = setup.Runtime;
            setup.DeclareFootprints();
            var mutex = new AsyncLock(runtime, "m", fair);
            runtime.Spawn("greedy", async () =>
            {
                for (var round = 0; round < 2; round++)
                {
                    await Enter(runtime, mutex, check: true);
                }
            });
            runtime.Spawn("waiter", () => Enter(runtime, mutex, check: false));
        },
        parameters: new Dictionary<string, string> { ["fair"] = fair ? "yes" : "no" });

    private static async Task Enter(IKernelRuntime runtime, AsyncLock mutex, bool check)
    {
        await mutex.AcquireAsync();
        Bug.On(check && mutex.Waiting > 0, "lock_overtaken", $"{runtime.Current} took lock m while {mutex.Waiting} thread(s) waited for it");
        await runtime.Yield(Critical);
        mutex.Release();
    }
}
