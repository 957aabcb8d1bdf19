using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// One thread per entry of <paramref name="threads"/>, each a string of cell names: step i of the
/// thread writes cell i of its string (the first step included). Two steps are dependent exactly
/// when they write the same cell, so the classes of schedules can be counted by hand. Declares footprints.
/// </summary>
internal sealed class CellSteps(params string[] threads) : ITestProgram
{
    private static readonly StepLabel Write = new("write");

    public string Name => "cell-steps";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["threads"] = string.Join(",", threads) };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var cells = new Dictionary<char, Cell<int>>();
        foreach (var name in threads.SelectMany(t => t).Distinct())
        {
            cells[name] = new Cell<int>(name.ToString(), 0);
        }

        for (var t = 0; t < threads.Length; t++)
        {
            var steps = threads[t];
            runtime.Spawn($"t{t}", async () =>
            {
                for (var i = 0; i < steps.Length; i++)
                {
                    cells[steps[i]].Value++;
                    if (i + 1 < steps.Length)
                    {
                        await runtime.Schedule(PointKind.Yield, Write);
                    }
                }
            });
        }
    }
}
