using System.Globalization;
using Wbcheck.Concurrency.Primitives;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// ABBA: thread "ab" takes A then B, thread "ba" takes B then A, each after
/// <paramref name="padding"/> yields. Deadlocks when each holds its first lock when the other
/// asks for it: one preemption, between a thread's two locks.
/// </summary>
public sealed class LockOrderInversion(int padding) : ITestProgram
{
    private static readonly StepLabel Pad = new("pad");

    public string Name => "abba";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["padding"] = padding.ToString(CultureInfo.InvariantCulture) };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var a = new AsyncLock(runtime, "A");
        var b = new AsyncLock(runtime, "B");
        runtime.Spawn("ab", () => TakeBoth(runtime, a, b));
        runtime.Spawn("ba", () => TakeBoth(runtime, b, a));
        setup.DescribeState(() => [$"lock A: {(a.IsHeld ? "held" : "free")}", $"lock B: {(b.IsHeld ? "held" : "free")}"]);
    }

    private async Task TakeBoth(IKernelRuntime runtime, AsyncLock first, AsyncLock second)
    {
        for (var i = 0; i < padding; i++)
        {
            await runtime.Yield(Pad);
        }

        await first.AcquireAsync();
        await second.AcquireAsync();
        second.Release();
        first.Release();
    }
}
