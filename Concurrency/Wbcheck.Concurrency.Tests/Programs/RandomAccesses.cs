using Wbcheck.Concurrency.Primitives;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A program drawn from a description: one thread per string, each character an operation on
/// shared variables x and y: 'x'/'y' reads it (a read point), 'X'/'Y' writes it a value of the
/// thread's own (a write point), 'l'/'m' increments it under lock l or m (lock, read, write,
/// unlock: a thread blocks on a held lock, so the bound's free switches matter), 'c' chooses 0 or 1
/// (<see cref="ChoiceKind.Scenario"/>, within the step) and notes it as a read of 100 or 101,
/// 'k'/'K' is a step that chooses x or y and reads it (noting the choice and the value) or writes it
/// a value of the thread's own, so that what the step touches depends on the value. Declares
/// footprints. Every schedule that runs to its end adds its outcome (each thread's reads in order,
/// then x and y) to <see cref="Outcomes"/>, outside the engine's view, so that the search is not
/// cut by a bug: two searches reach the same outcomes exactly when they cover the same classes
/// of schedules as far as any state or read can tell.
/// </summary>
internal sealed class RandomAccesses(params string[] threads) : ITestProgram
{
    public string Name => "random-accesses";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string> { ["threads"] = string.Join(",", threads) };

    public bool Terminates => true;

    private static readonly StepLabel ChoosingLabel = new("choose(x|y)");

    /// <summary>Outcomes of the schedules run to their end so far.</summary>
    public HashSet<string> Outcomes { get; } = [];

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var x = new SharedVariable<int>(runtime, "x", 0);
        var y = new SharedVariable<int>(runtime, "y", 0);
        var locks = new Dictionary<char, AsyncLock> { ['l'] = new(runtime, "l"), ['m'] = new(runtime, "m") };
        var seen = new List<int>[threads.Length];
        var finished = 0;
        for (var t = 0; t < threads.Length; t++)
        {
            var thread = t;
            var operations = threads[t];
            seen[t] = [];
            runtime.Spawn($"t{t}", async () =>
            {
                for (var i = 0; i < operations.Length; i++)
                {
                    var operation = operations[i];
                    var variable = char.ToLowerInvariant(operation) is 'x' or 'l' ? x : y;
                    if (operation == 'c')
                    {
                        seen[thread].Add(100 + runtime.Choose(ChoiceKind.Scenario, 2));
                    }
                    else if (operation is 'k' or 'K')
                    {
                        await runtime.Schedule(PointKind.Yield, ChoosingLabel);
                        var which = runtime.Choose(ChoiceKind.Scenario, 2) == 0 ? x : y;
                        seen[thread].Add(which == x ? 200 : 201);
                        if (operation == 'k')
                        {
                            seen[thread].Add(which.Value);
                        }
                        else
                        {
                            which.Value = (10 * (thread + 1)) + i;
                        }
                    }
                    else if (operation is 'x' or 'y')
                    {
                        seen[thread].Add(await variable.ReadAsync());
                    }
                    else if (operation is 'X' or 'Y')
                    {
                        await variable.WriteAsync((10 * (thread + 1)) + i);
                    }
                    else
                    {
                        var held = locks[operation];
                        await held.AcquireAsync();
                        var value = await variable.ReadAsync();
                        seen[thread].Add(value);
                        await variable.WriteAsync(value + 1);
                        held.Release();
                    }
                }

                // Counted outside any footprint: the last thread to end records the outcome.
                if (++finished == threads.Length)
                {
                    Outcomes.Add($"{string.Join(" | ", seen.Select(s => string.Join(",", s)))} ; x={x.Value} y={y.Value}");
                }
            });
        }
    }
}
