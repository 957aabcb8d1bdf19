using System.Globalization;
using Wbcheck.Concurrency.Primitives;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// SCTBench's reorder_N_bad: main creates N setter threads, one pthread_create (a scheduling
/// point) at a time, then a checker. Each setter does a = 1; b = 1; the checker reads a, then b,
/// and asserts it never sees a = 1 and b = 0. That needs the checker, created last, to do both
/// reads between one setter's two writes and before every other setter's second write: setters
/// created early have usually finished, which is what makes it hard for random scheduling.
/// </summary>
public sealed class Reorder(int setters) : ITestProgram
{
    private static readonly StepLabel Create = new("pthread_create");

    public string Name => "reorder";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["setters"] = setters.ToString(CultureInfo.InvariantCulture) };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var a = new SharedVariable<int>(runtime, "a", 0);
        var b = new SharedVariable<int>(runtime, "b", 0);
        runtime.Spawn("main", async () =>
        {
            for (var i = 0; i < setters; i++)
            {
                await runtime.Yield(Create);
                runtime.Spawn($"setter{i}", async () =>
                {
                    await a.WriteAsync(1);
                    await b.WriteAsync(1);
                });
            }

            await runtime.Yield(Create);
            runtime.Spawn("checker", async () =>
            {
                var seenA = await a.ReadAsync();
                var seenB = await b.ReadAsync();
                Bug.On(seenA == 1 && seenB == 0, "reorder_check", "saw a = 1 and b = 0");
            });
        });
        setup.DescribeState(() => [$"a = {a.Value}", $"b = {b.Value}"]);
    }
}
