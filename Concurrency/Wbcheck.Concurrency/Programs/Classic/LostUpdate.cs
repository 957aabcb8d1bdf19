using System.Globalization;
using Wbcheck.Concurrency.Primitives;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// Two workers each read a counter, yield, and write it back plus one; the one that finishes last
/// asserts the counter is 2. <paramref name="noise"/> more threads (spawned after the workers,
/// so with higher ids) only yield three times each: they pad traces without mattering.
/// Minimal failing schedule: w0 start, w0 read, w1 start, w1 read, w1 write, w0 write
/// (6 steps, 1 preemption), or the same with the workers swapped.
/// </summary>
public sealed class LostUpdate(int noise) : ITestProgram
{
    private static readonly StepLabel Idle = new("idle");

    public string Name => "lost-update";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["noise"] = noise.ToString(CultureInfo.InvariantCulture) };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var counter = new SharedVariable<int>(runtime, "counter", 0);
        var done = new SharedVariable<int>(runtime, "done", 0);
        runtime.Spawn("w0", () => Increment(counter, done));
        runtime.Spawn("w1", () => Increment(counter, done));
        for (var i = 0; i < noise; i++)
        {
            runtime.Spawn($"noise{i}", () => Idle3(runtime));
        }

        setup.DescribeState(() => [$"counter = {counter.Value}", $"done = {done.Value}"]);
    }

    private static async Task Increment(SharedVariable<int> counter, SharedVariable<int> done)
    {
        var value = await counter.ReadAsync();
        await counter.WriteAsync(value + 1);
        done.Value++;
        Bug.On(done.Value == 2 && counter.Value != 2, "lost_update", $"counter is {counter.Value} after two increments");
    }

    private static async Task Idle3(IKernelRuntime runtime)
    {
        for (var i = 0; i < 3; i++)
        {
            await runtime.Yield(Idle);
        }
    }
}
