using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A broken try-lock: test the flag, yield, then set it. Two threads can both get in; a safety
/// monitor counts the threads inside the critical section.
/// </summary>
internal sealed class TryLockMutex : ITestProgram
{
    private static readonly StepLabel TryLock = new("trylock");
    private static readonly StepLabel Take = new("take");
    private static readonly StepLabel Critical = new("critical");

    public string Name => "trylock-mutex";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var held = new Cell<bool>(false);
        var inside = new Cell<int>(0);
        for (var i = 0; i < 2; i++)
        {
            runtime.Spawn($"w{i}", async () =>
            {
                await runtime.Schedule(PointKind.Yield, TryLock);
                if (held.Value)
                {
                    return;
                }

                await runtime.Schedule(PointKind.Yield, Take);
                held.Value = true;
                inside.Value++;
                await runtime.Schedule(PointKind.Yield, Critical);
                inside.Value--;
                held.Value = false;
            });
        }

        setup.AddSafetyMonitor("mutual exclusion", () => inside.Value > 1 ? $"{inside.Value} threads in the critical section" : null);
    }
}
