using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Concurrency.Tests.Primitives;

/// <summary>
/// main starts a worker that writes a result, then reads the result: without joining the worker
/// first it can read it before the write.
/// </summary>
internal static class ReadBeforeJoin
{
    public static ITestProgram Create(bool join) => new TestProgram(
        "read-before-join",
        setup =>
        {
            var runtime = setup.Runtime;
            setup.DeclareFootprints();
            var result = new SharedVariable<int>(runtime, "result", 0);
            runtime.Spawn("main", async () =>
            {
                var worker = runtime.SpawnJoinable("worker", async () => await result.WriteAsync(42));
                if (join)
                {
                    await worker.JoinAsync();
                }
                else
                {
                    await runtime.Yield();
                }

                Bug.On(result.Value != 42, "read_before_join", $"main read {result.Value} before the worker wrote 42");
            });
        },
        parameters: new Dictionary<string, string> { ["join"] = join ? "yes" : "no" });
}
