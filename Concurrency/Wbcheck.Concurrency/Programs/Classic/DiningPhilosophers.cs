using System.Globalization;
using Wbcheck.Concurrency.Primitives;

namespace Wbcheck.Concurrency.Programs.Classic;

/// <summary>
/// Dijkstra's dining philosophers: <paramref name="philosophers"/> threads around a table, a fork
/// (a lock) between each two. Each philosopher takes the fork on their left, then the one on their
/// right, eats once and puts both down. Deadlocks when every philosopher holds their left fork
/// and asks for the right one: one lock point of each between their two takes, a preemption for
/// each but the last. With <paramref name="ordered"/> the last philosopher takes their right fork
/// first (the forks are taken in one global order), and no schedule deadlocks.
/// </summary>
public sealed class DiningPhilosophers(int philosophers, bool ordered = false) : ITestProgram
{
    public string Name => "dining-philosophers";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["philosophers"] = philosophers.ToString(CultureInfo.InvariantCulture),
        ["ordered"] = ordered ? "yes" : "no",
    };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        if (philosophers < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(philosophers), philosophers, "a table needs at least 2 philosophers");
        }

        var runtime = setup.Runtime;
        setup.DeclareFootprints();
        var forks = new AsyncLock[philosophers];
        for (var i = 0; i < philosophers; i++)
        {
            forks[i] = new AsyncLock(runtime, $"fork{i}");
        }

        var meals = new SharedVariable<int>(runtime, "meals", 0);
        for (var i = 0; i < philosophers; i++)
        {
            var left = forks[i];
            var right = forks[(i + 1) % philosophers];
            var (first, second) = ordered && i == philosophers - 1 ? (right, left) : (left, right);
            runtime.Spawn($"p{i}", async () =>
            {
                await first.AcquireAsync();
                await second.AcquireAsync();
                meals.Value++;
                second.Release();
                first.Release();
            });
        }

        setup.DescribeState(() =>
            [.. forks.Select(f => $"{f.Name}: {(f.Owner is { } owner ? $"held by {owner.Name}" : "free")}"), $"meals = {meals.Value}"]);
    }
}
