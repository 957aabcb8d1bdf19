using System.Globalization;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// <paramref name="threads"/> threads of <paramref name="steps"/> steps (the first one included), each step writing a cell:
/// the thread's own one (every schedule is equivalent to every other), or with
/// <paramref name="shared"/> one cell for all (no two schedules are equivalent). Declares footprints.
/// </summary>
internal sealed class OwnCells(int threads, int steps, bool shared) : ITestProgram
{
    private static readonly StepLabel Write = new("write");

    public string Name => "own-cells";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["threads"] = threads.ToString(CultureInfo.InvariantCulture),
        ["steps"] = steps.ToString(CultureInfo.InvariantCulture),
        ["shared"] = shared ? "yes" : "no",
    };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var common = new Cell<int>("x", 0);
        for (var t = 0; t < threads; t++)
        {
            var cell = shared ? common : new Cell<int>($"x{t}", 0);
            runtime.Spawn($"t{t}", async () =>
            {
                for (var i = 0; i < steps; i++)
                {
                    cell.Value++;
                    if (i + 1 < steps)
                    {
                        await runtime.Schedule(PointKind.Yield, Write);
                    }
                }
            });
        }
    }
}
