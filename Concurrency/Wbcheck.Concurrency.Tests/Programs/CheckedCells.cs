using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// Threads that each run a script of steps over the cells x, y and z: "x2" writes 2 to x,
/// "check" reads all three and fails when they hold <paramref name="bad"/> (x, y, z). Every
/// step starts at a scheduling point. Writes of the same value in different orders reach the
/// same state, so stateful search meets one state by many paths. Declares footprints (each cell
/// by name; a check touches all three).
/// </summary>
internal sealed class CheckedCells(int[] bad, params string[][] threads) : ITestProgram
{
    private static readonly StepLabel Step = new("step");

    public string Name => "checked-cells";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["threads"] = string.Join(" | ", threads.Select(t => string.Join(" ", t))) };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        Cell<int>[] cells = [new("x", 0), new("y", 0), new("z", 0)];
        for (var t = 0; t < threads.Length; t++)
        {
            var script = threads[t];
            runtime.Spawn($"t{t}", async () =>
            {
                foreach (var step in script)
                {
                    await runtime.Schedule(PointKind.Yield, Step);
                    if (step == "check")
                    {
                        var (x, y, z) = (cells[0].Value, cells[1].Value, cells[2].Value);
                        Bug.On(x == bad[0] && y == bad[1] && z == bad[2], "check", $"x = {x}, y = {y}, z = {z}");
                    }
                    else
                    {
                        cells[step[0] - 'x'].Value = step[1] - '0';
                    }
                }
            });
        }
    }
}
