using System.Globalization;
using Wbcheck.Concurrency.Primitives;
using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// SCTBench's wronglock: a checker increments a shared counter under the data lock and asserts,
/// still under it, that nobody changed the counter between its read and its write; the
/// <paramref name="incrementers"/> other threads increment the counter under another lock (the
/// bug: the wrong lock), so one of them can slip in between. Each access is a point of its own (a
/// read, then a write, then the check's read). With <paramref name="sameLock"/> every thread takes
/// the data lock, and the check holds on every schedule.
/// </summary>
public sealed class WrongLockCounter(int incrementers, bool sameLock = false) : ITestProgram
{
    public string Name => "wrong-lock-counter";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["incrementers"] = incrementers.ToString(CultureInfo.InvariantCulture),
        ["same-lock"] = sameLock ? "yes" : "no",
    };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var dataLock = new AsyncLock(runtime, "data");
        var thisLock = sameLock ? dataLock : new AsyncLock(runtime, "this");
        var counter = new SharedVariable<int>(runtime, "counter", 0);
        runtime.Spawn("checker", async () =>
        {
            await dataLock.AcquireAsync();
            var seen = await counter.ReadAsync();
            await counter.WriteAsync(seen + 1);
            var now = await counter.ReadAsync();
            Bug.On(now != seen + 1, "wrong_lock", $"the counter went from {seen} to {now} under the data lock, which adds 1");
            dataLock.Release();
        });
        for (var i = 0; i < incrementers; i++)
        {
            runtime.Spawn($"incrementer{i}", async () =>
            {
                await thisLock.AcquireAsync();
                var value = await counter.ReadAsync();
                await counter.WriteAsync(value + 1);
                thisLock.Release();
            });
        }

        setup.DescribeState(() => [$"counter = {counter.Value}"]);
    }
}
