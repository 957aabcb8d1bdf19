using System.Globalization;
using Wbcheck.Concurrency.Primitives;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// <paramref name="threads"/> threads of <paramref name="steps"/> steps each (a start step, then
/// steps-1 yields), touching nothing: for counting the schedules DFS explores.
/// </summary>
public sealed class StepThreads(int threads, int steps) : ITestProgram
{
    private static readonly StepLabel Step = new("step");

    public string Name => "step-threads";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["threads"] = threads.ToString(CultureInfo.InvariantCulture),
        ["steps"] = steps.ToString(CultureInfo.InvariantCulture),
    };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        for (var t = 0; t < threads; t++)
        {
            runtime.Spawn($"t{t}", async () =>
            {
                for (var i = 1; i < steps; i++)
                {
                    await runtime.Yield(Step);
                }
            });
        }
    }
}
