using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>
/// The strong test of footprints: run a random schedule, find two adjacent steps of different
/// threads that were both enabled before the first and that their footprints call independent,
/// then run the same prefix with the two steps in either order. Independence promises the same
/// state after both (the same <see cref="StateFingerprint"/>) and the same steps (the same
/// footprints). A missed access shows as a pair declared independent that does not commute.
/// </summary>
internal static class SwapCheck
{
    private static readonly RunSettings Settings = new(100_000, 100_000, 100_000, true);

    /// <summary>Check up to <paramref name="pairsPerSchedule"/> pairs in each of <paramref name="schedules"/> random schedules.</summary>
    public static (int Pairs, List<string> Problems) Run(
        Func<ITestProgram> program, int schedules, int pairsPerSchedule, int maxSteps, ulong seed) =>
        Run(program, schedules, pairsPerSchedule, maxSteps, seed, out _);

    /// <summary>As <see cref="Run(Func{ITestProgram}, int, int, int, ulong)"/>, counting the pairs compared in which a step made a choice.</summary>
    public static (int Pairs, List<string> Problems) Run(
        Func<ITestProgram> program, int schedules, int pairsPerSchedule, int maxSteps, ulong seed, out int choicePairs)
    {
        choicePairs = 0;
        var runner = new IterationRunner();
        var problems = new List<string>();
        var pairs = 0;
        for (var s = 0; s < schedules; s++)
        {
            var record = new ScriptedStrategy([], [], maxSteps, seed + (ulong)s);
            runner.Run(program(), record, Settings, 0);
            var candidates = new List<int>();
            for (var k = 0; k + 1 < record.Threads.Count; k++)
            {
                int a = record.Threads[k], b = record.Threads[k + 1];
                if (a != b && record.EnabledBefore[k].Contains(b) && Footprint.Independent(record.Footprints[k], record.Footprints[k + 1]))
                {
                    candidates.Add(k);
                }
            }

            // Spread over the schedule: the first, the last and those between.
            for (var i = 0; i < pairsPerSchedule && i < candidates.Count; i++)
            {
                var k = candidates[candidates.Count <= pairsPerSchedule ? i : (int)((long)i * (candidates.Count - 1) / (pairsPerSchedule - 1 == 0 ? 1 : pairsPerSchedule - 1))];
                var (compared, problem) = Check(runner, program, record, k);
                if (problem is not null)
                {
                    problems.Add($"schedule {s}: {problem}");
                }

                pairs += compared ? 1 : 0;
                choicePairs += compared && record.ChoicePoints.Any(p => p.Step == k || p.Step == k + 1) ? 1 : 0;
            }
        }

        return (pairs, problems);
    }

    /// <summary>Run both orders of steps k and k+1; whether the two states could be compared, and what differed.</summary>
    private static (bool Compared, string? Problem) Check(IterationRunner runner, Func<ITestProgram> program, ScriptedStrategy record, int k)
    {
        int a = record.Threads[k], b = record.Threads[k + 1];
        var prefix = record.Threads.Take(k).ToList();
        var inOrder = new ScriptedStrategy([.. prefix, a, b], record.Choices, k + 2, 0);
        var inOrderState = StateAfter(runner, program, inOrder, k + 2);
        var labels = $"T{a} at {runner.LastSteps[^2].Label} then T{b} at {runner.LastSteps[^1].Label}";

        // A step that chooses makes the same choices in either order: the values of step k+1's
        // choices come before step k's when it runs first.
        var swapped = new ScriptedStrategy([.. prefix, b, a], SwappedChoices(record, k), k + 2, 0);
        var swappedState = StateAfter(runner, program, swapped, k + 2);
        if (inOrderState is null || swappedState is null)
        {
            // One order ended the run with a bug: nothing to compare.
            return (false, null);
        }

        if (inOrderState != swappedState)
        {
            return (true, $"steps {k}, {k + 1} ({labels}) were declared independent, but the two orders reach different states");
        }

        if (!Same(inOrder.Footprints[k], swapped.Footprints[k + 1]) || !Same(inOrder.Footprints[k + 1], swapped.Footprints[k]))
        {
            return (true, $"steps {k}, {k + 1} ({labels}) were declared independent, but a step touched other objects in the other order");
        }

        if (!ChoiceCounts(inOrder, k).SequenceEqual(ChoiceCounts(swapped, k + 1)) || !ChoiceCounts(inOrder, k + 1).SequenceEqual(ChoiceCounts(swapped, k)))
        {
            return (true, $"steps {k}, {k + 1} ({labels}) were declared independent, but a step's choice had other options in the other order");
        }

        return (true, null);
    }

    /// <summary>
    /// The state after <paramref name="steps"/> steps: where the strategy stopped, or the end of the
    /// run when those steps ended it (every thread finished: the last pair of a schedule is
    /// compared too); null when the run ended otherwise (a bug).
    /// </summary>
    private static ulong? StateAfter(IterationRunner runner, Func<ITestProgram> program, ScriptedStrategy strategy, int steps)
    {
        ulong? last = null;
        var outcome = runner.Run(program(), strategy, Settings, 0, (setup, count) => last = count == steps ? ((ControlledRuntime)setup.Runtime).Fingerprint() : null);
        return strategy.Fingerprint ?? (outcome.Bug is null && runner.LastSteps.Length == steps ? last : null);
    }

    /// <summary>The recorded choices, with those of steps k and k+1 exchanged.</summary>
    private static List<int> SwappedChoices(ScriptedStrategy record, int k)
    {
        var points = record.ChoicePoints;
        var values = record.Choices;
        var order = Enumerable.Range(0, values.Count)
            .OrderBy(i => points[i].Step == k ? k + 1 : points[i].Step == k + 1 ? k : points[i].Step)
            .ThenBy(i => i);
        return [.. order.Select(i => values[i])];
    }

    /// <summary>The options of each choice step <paramref name="step"/> made.</summary>
    private static IEnumerable<int> ChoiceCounts(ScriptedStrategy run, int step) =>
        run.ChoicePoints.Where(p => p.Step == step).Select(p => p.Count);

    private static bool Same(in Footprint x, in Footprint y) => x.Global == y.Global && x.Entries.SequenceEqual(y.Entries);
}
