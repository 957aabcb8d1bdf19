using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The strategy trace minimization runs candidates with: a default schedule plus a set of
/// <see cref="Directive"/>s. The default is non-preemptive (the thread that ran goes on while it
/// can, else the lowest enabled id) and chooses 0; where fairness matters (a livelock, or a run
/// past its maximum) it becomes round-robin from the fair step on, so that a shrunk trace cannot
/// "reproduce" a livelock by starving a thread. Following a trace instead, it records the
/// directives that reproduce it: the steps where the trace departs from the default.
/// </summary>
internal sealed class GuidedStrategy : ISchedulingStrategy
{
    private readonly Dictionary<long, int> switches = [];
    private readonly Dictionary<long, int> choices = [];
    private readonly int fairFrom;
    private readonly bool roundRobinWhenFair;
    private readonly IReadOnlyList<TraceStep>? follow;
    private int[] stepsOf = new int[8];
    private int[] choicesOf = new int[8];

    public GuidedStrategy(IEnumerable<Directive> directives, int fairFrom, bool roundRobinWhenFair)
        : this(directives, fairFrom, roundRobinWhenFair, null)
    {
    }

    private GuidedStrategy(
        IEnumerable<Directive> directives, int fairFrom, bool roundRobinWhenFair, IReadOnlyList<TraceStep>? follow)
    {
        this.follow = follow;
        foreach (var directive in directives)
        {
            (directive.IsChoice ? choices : switches)[directive.Key] = directive.Value;
        }

        this.fairFrom = fairFrom;
        this.roundRobinWhenFair = roundRobinWhenFair;
    }

    /// <summary>Follow <paramref name="trace"/> exactly, recording in <see cref="Recorded"/> where it departs from the default.</summary>
    public static GuidedStrategy Following(IReadOnlyList<TraceStep> trace, int fairFrom, bool roundRobinWhenFair) =>
        new([], fairFrom, roundRobinWhenFair, trace);

    public string Name => "guided";

    public bool IsFair => true;

    public int LearningIterations => 0;

    internal List<Directive> Recorded { get; } = [];

    public bool StartIteration(int iteration, ulong seed)
    {
        Array.Clear(stepsOf);
        Array.Clear(choicesOf);
        Recorded.Clear();
        return true;
    }

    public int NextThread(in SchedulingStep step)
    {
        var after = step.Previous >= 0 ? stepsOf[step.Previous] : 0;
        var fallback = Default(step);
        int chosen;
        if (follow is not null)
        {
            chosen = follow[step.Index].ThreadId;
            if (chosen != fallback)
            {
                Recorded.Add(new Directive(false, step.Previous, after, chosen));
            }
        }
        else
        {
            chosen = switches.TryGetValue(new Directive(false, step.Previous, after, 0).Key, out var target) &&
                     step.IsEnabled(target)
                ? target
                : fallback;
        }

        Count(ref stepsOf, chosen);
        return chosen;
    }

    public int NextChoice(in ChoicePoint choice)
    {
        var slot = choice.ThreadId + 1;
        var index = slot < choicesOf.Length ? choicesOf[slot] : 0;
        int value;
        if (follow is not null)
        {
            value = follow[choice.Index].Value;
            if (value != 0)
            {
                Recorded.Add(new Directive(true, choice.ThreadId, index, value));
            }
        }
        else
        {
            value = choices.TryGetValue(new Directive(true, choice.ThreadId, index, 0).Key, out var wanted)
                ? Math.Min(wanted, choice.Count - 1)
                : 0;
        }

        Count(ref choicesOf, slot);
        return value;
    }

    private int Default(in SchedulingStep step)
    {
        if (roundRobinWhenFair && step.Index >= fairFrom)
        {
            foreach (var id in step.Enabled)
            {
                if (id > step.Previous)
                {
                    return id;
                }
            }

            return step.Enabled[0];
        }

        return step.PreviousEnabled ? step.Previous : step.Enabled[0];
    }

    private static void Count(ref int[] counts, int index)
    {
        if (index >= counts.Length)
        {
            Array.Resize(ref counts, Math.Max(index + 1, counts.Length * 2));
        }

        counts[index]++;
    }
}
