using System.Globalization;
using Wbcheck.Concurrency.Primitives;
using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// The correct counter: every read-modify-write happens under a lock; the last thread asserts the
/// total, and a safety monitor checks the counter never exceeds it. No strategy may report a bug.
/// </summary>
public sealed class LockedCounter(int threads) : ITestProgram
{
    public string Name => "locked-counter";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["threads"] = threads.ToString(CultureInfo.InvariantCulture) };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var guard = new AsyncLock(runtime, "counter");
        var counter = new SharedVariable<int>(runtime, "counter", 0);
        var done = new SharedVariable<int>(runtime, "done", 0);
        for (var i = 0; i < threads; i++)
        {
            runtime.Spawn($"w{i}", async () =>
            {
                await guard.AcquireAsync();
                var value = counter.Value;
                await counter.WriteAsync(value + 1);
                guard.Release();
                done.Value++;
                Bug.On(done.Value == threads && counter.Value != threads, "locked_counter", $"counter is {counter.Value}");
            });
        }

        setup.AddSafetyMonitor("counter bounded", () => counter.Value > threads ? $"counter is {counter.Value}" : null);
    }
}
