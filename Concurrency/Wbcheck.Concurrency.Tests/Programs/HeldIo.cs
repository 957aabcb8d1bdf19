using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// Deadlocks without a cycle of threads: "waiter" sleeps on page 3's writeback, held by an I/O
/// nobody will submit; "relocker" takes a lock it already holds, so it waits on itself.
/// </summary>
internal sealed class HeldIo : ITestProgram
{
    private static readonly StepLabel Wait = new("wait_on_page_writeback", 3);

    public string Name => "held-io";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var writeback = new WaitQueue("PG_writeback of page 3") { HolderNote = "bio 1, not yet submitted" };
        var guard = new TestLock("i_rwsem");
        runtime.Spawn("waiter", async () =>
        {
            await runtime.Schedule(PointKind.Wait, Wait);
            while (true)
            {
                await runtime.Sleep(writeback, Wait);
            }
        });
        runtime.Spawn("relocker", async () =>
        {
            await guard.Lock(runtime);
            await guard.Lock(runtime);
        });
    }
}
