using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// "locker" takes tree_lock and, if a flag is set, calls cond_resched inside the spinlock section:
/// sleeping while atomic. "setter" sets the flag; the bug needs the setter's write first.
/// </summary>
internal sealed class SleepInAtomic : ITestProgram
{
    private static readonly StepLabel SpinLock = new("spin_lock");
    private static readonly StepLabel CondResched = new("cond_resched");
    private static readonly StepLabel SetFlag = new("set_flag");

    public string Name => "sleep-in-atomic";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var flag = new Cell<bool>(false);
        runtime.Spawn("locker", async () =>
        {
            await runtime.Schedule(PointKind.SpinLock, SpinLock);
            runtime.EnterAtomic("tree_lock");
            if (flag.Value)
            {
                await runtime.Schedule(PointKind.Yield, CondResched);
            }

            runtime.ExitAtomic();
        });
        runtime.Spawn("setter", async () =>
        {
            await runtime.Schedule(PointKind.Yield, SetFlag);
            flag.Value = true;
        });
    }
}
