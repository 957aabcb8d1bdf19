using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// The shape of the old fsync livelock: a writer appends two pages a step forever (the program does
/// not terminate), while fsync writes one page a step up to the end of the file. Chasing the
/// current end, fsync falls further behind every step it does not win, and under fair scheduling
/// it almost surely never returns (it catches up from 4 pages behind with probability
/// 0.618^4 = 0.15 under random scheduling); snapshotting the end when it starts, as the fix
/// does, it always returns. A liveness monitor is hot until fsync returns.
/// </summary>
internal sealed class AppendLivelock(bool snapshotEnd) : ITestProgram
{
    public string Name => "append-livelock";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["fsync"] = snapshotEnd ? "snapshot-end" : "chase-end" };

    public bool Terminates => false;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var size = new Cell<long>(4);
        var returned = new Cell<bool>(false);
        runtime.Spawn("writer", async () =>
        {
            while (true)
            {
                await runtime.Schedule(PointKind.Yield, new StepLabel("append", size.Value));
                size.Value += 2;
            }
        });
        runtime.Spawn("fsync", async () =>
        {
            var end = size.Value;
            for (var index = 0L; index < (snapshotEnd ? end : size.Value); index++)
            {
                await runtime.Schedule(PointKind.SubmitIo, new StepLabel("write_page", index));
            }

            returned.Value = true;
        });
        setup.AddLivenessMonitor("fsync returns", () => !returned.Value);
    }
}
