using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A reader (spawned first) reads a counter twice and asserts the reads agree; a writer bumps it
/// once. Footprints are declared. With <paramref name="forgetRead"/> the reader's reads are not
/// reported (a footprint too small): the reduction takes them as independent of the write, and the
/// one order that shows the bug (read, write, read) is taken as a reordering of one without it.
/// </summary>
internal sealed class UnreportedRead(bool forgetRead) : ITestProgram
{
    private static readonly StepLabel Read = new("read");
    private static readonly StepLabel Write = new("write");

    public string Name => "unreported-read";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["forget-read"] = forgetRead ? "yes" : "no" };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var counter = new Cell<int>("counter", 0);
        var unreported = new int[1];
        int ReadCounter() => forgetRead ? unreported[0] : counter.Value;
        runtime.Spawn("reader", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Read);
            var first = ReadCounter();
            await runtime.Schedule(PointKind.Yield, Read);
            var second = ReadCounter();
            Bug.On(first != second, "reread", $"the counter read {first}, then {second}");
        });
        runtime.Spawn("writer", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Write);
            counter.Value++;
            unreported[0]++;
        });
    }
}
