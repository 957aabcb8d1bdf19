using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Primitives;

/// <summary>
/// Two finishers race to signal "done" once on a semaphore of at most one unit, which a waiter
/// takes. Testing the "released" flag at one point and setting it at the next lets both pass the
/// test: the second release goes past the maximum. Testing and setting it in one step does not.
/// </summary>
internal static class DoubleRelease
{
    private static readonly StepLabel Finish = new("finish");

    public static ITestProgram Create(bool atomicCheck) => new TestProgram(
        "double-release",
        setup =>
        {
            var runtime = setup.Runtime;
            setup.DeclareFootprints();
            var done = new AsyncSemaphore(runtime, "done", initialCount: 0, maxCount: 1);
            var released = new SharedVariable<bool>(runtime, "released", false);
            for (var i = 0; i < 2; i++)
            {
                runtime.Spawn($"finisher{i}", async () =>
                {
                    if (atomicCheck)
                    {
                        await runtime.Yield(Finish);
                        if (!released.Value)
                        {
                            released.Value = true;
                            done.Release();
                        }
                    }
                    else if (!await released.ReadAsync())
                    {
                        await released.WriteAsync(true);
                        done.Release();
                    }
                });
            }

            runtime.Spawn("waiter", async () => await done.WaitAsync());
        },
        parameters: new Dictionary<string, string> { ["atomic-check"] = atomicCheck ? "yes" : "no" });
}
