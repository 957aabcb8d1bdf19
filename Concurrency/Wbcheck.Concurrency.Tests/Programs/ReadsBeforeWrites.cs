using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A writer sets x then y; a reader reads y then x and asserts it did not read both before the
/// writer wrote (it saw both 0). The reader run first, to its end, shows it with no preemption.
/// DFS starts with the writer, and with the bound at 0 the writer's second write cannot be
/// preempted, so the reversal the race on y asks for is refused where the race is; bounded DPOR's
/// conservative point (where the writer was switched in: the first step) is what tries the
/// reader first. Declares footprints.
/// </summary>
internal sealed class ReadsBeforeWrites : ITestProgram
{
    public string Name => "reads-before-writes";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var x = new SharedVariable<int>(runtime, "x", 0);
        var y = new SharedVariable<int>(runtime, "y", 0);
        runtime.Spawn("writer", async () =>
        {
            await x.WriteAsync(1);
            await y.WriteAsync(1);
        });
        runtime.Spawn("reader", async () =>
        {
            var seenY = await y.ReadAsync();
            var seenX = await x.ReadAsync();
            Bug.On(seenX == 0 && seenY == 0, "read_first", "the reader read both variables before the writer wrote either");
        });
    }
}
