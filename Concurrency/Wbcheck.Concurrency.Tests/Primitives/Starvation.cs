using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Primitives;

/// <summary>
/// "greedy" takes and releases the lock forever; "waiter" wants it once. With a barging lock
/// greedy can take it back every time it releases it, before the woken waiter looks: a fair
/// cycle on which waiter runs but never gets the lock (starvation). A fair lock hands it over.
/// </summary>
internal static class Starvation
{
    private static readonly StepLabel Critical = new("critical");

    public static ITestProgram Create(bool fair) => new TestProgram(
        "starvation",
        setup =>
        {
            var runtime = setup.Runtime;
            setup.DeclareFootprints();
            var mutex = new AsyncLock(runtime, "m", fair);
            var served = new SharedVariable<bool>(runtime, "served", false);
            runtime.Spawn("greedy", async () =>
            {
                while (true)
                {
                    await mutex.AcquireAsync();
                    await runtime.Yield(Critical);
                    mutex.Release();
                }
            });
            runtime.Spawn("waiter", async () =>
            {
                await mutex.AcquireAsync();
                served.Value = true;
                mutex.Release();
            });
            setup.AddLivenessMonitor("waiter gets the lock", () => !served.Value);
        },
        terminates: false,
        parameters: new Dictionary<string, string> { ["fair"] = fair ? "yes" : "no" });
}
