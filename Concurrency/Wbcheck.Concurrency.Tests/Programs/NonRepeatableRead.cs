using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A writer (spawned first) bumps a counter three times; a reader reads it twice and asserts the
/// two reads agree. The writer must run between the reads. Started reader-first, one preemption
/// does it (reader reads, writer runs to the end, reader reads again); started writer-first, as
/// DFS starts, it takes two (writer to reader, then reader back to writer while the writer still
/// has a write left). DFS flips its deepest branches first, so unbounded it reports a
/// two-preemption schedule before it ever tries the reader first.
/// </summary>
internal sealed class NonRepeatableRead : ITestProgram
{
    private static readonly StepLabel Write = new("write");
    private static readonly StepLabel Read = new("read");

    public string Name => "non-repeatable-read";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var counter = new Cell<int>(0);
        runtime.Spawn("writer", async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await runtime.Schedule(PointKind.Yield, Write);
                counter.Value++;
            }
        });
        runtime.Spawn("reader", async () =>
        {
            await runtime.Schedule(PointKind.Yield, Read);
            var first = counter.Value;
            await runtime.Schedule(PointKind.Yield, Read);
            Bug.On(counter.Value != first, "reread", $"the counter read {first}, then {counter.Value}");
        });
        setup.DescribeState(() => [$"counter = {counter.Value}"]);
    }
}
