using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The strategy the minimizer's step shrinking runs candidates with: a list of the threads to run,
/// in order (a trace's schedule with some of its steps removed), and the trace's choices. Each
/// step runs the next listed thread that can run, passing over the ones that cannot (a removed
/// step may have changed what the others wait for); once the list is spent, the default schedule
/// of <see cref="GuidedStrategy"/> (the thread that ran goes on, else the lowest id). A choice
/// takes the value the trace's thread took at its choice of that rank, else 0. Removing whole
/// steps, rather than departures from the default, is what lets the minimizer drop the steps of
/// a thread the bug does not need (a writer's reclaim loops): without them the departures that
/// follow are not the same departures (Choi and Zeller, ISSTA 2002, shrink a schedule this way).
/// </summary>
internal sealed class SequenceStrategy : ISchedulingStrategy
{
    private readonly int[] threads;
    private readonly Dictionary<long, int> choices = [];
    private int[] choicesOf = new int[8];
    private int next;

    /// <param name="threads">The threads to run, in order.</param>
    /// <param name="choices">The choices to take: by thread, the value of its choices in order.</param>
    public SequenceStrategy(int[] threads, IReadOnlyList<TraceStep> choices)
    {
        this.threads = threads;
        var ranks = new Dictionary<int, int>();
        foreach (var step in choices.Where(step => step.IsChoice))
        {
            var rank = ranks.GetValueOrDefault(step.ThreadId);
            ranks[step.ThreadId] = rank + 1;
            if (step.Value != 0)
            {
                this.choices[Key(step.ThreadId, rank)] = step.Value;
            }
        }
    }

    /// <summary>The threads of <paramref name="steps"/>' scheduling steps, in order (its choices left out).</summary>
    public static int[] ThreadsOf(IReadOnlyList<TraceStep> steps) => [.. steps.Where(step => !step.IsChoice).Select(step => step.ThreadId)];

    public string Name => "sequence";

    public bool IsFair => false;

    public int LearningIterations => 0;

    public bool StartIteration(int iteration, ulong seed)
    {
        Array.Clear(choicesOf);
        next = 0;
        return true;
    }

    public int NextThread(in SchedulingStep step)
    {
        while (next < threads.Length)
        {
            var thread = threads[next++];
            if (step.IsEnabled(thread))
            {
                return thread;
            }
        }

        return step.PreviousEnabled ? step.Previous : step.Enabled[0];
    }

    public int NextChoice(in ChoicePoint choice)
    {
        var slot = choice.ThreadId + 1;
        if (slot >= choicesOf.Length)
        {
            Array.Resize(ref choicesOf, Math.Max(slot + 1, choicesOf.Length * 2));
        }

        var rank = choicesOf[slot]++;
        return choices.TryGetValue(Key(choice.ThreadId, rank), out var value) ? Math.Min(value, choice.Count - 1) : 0;
    }

    private static long Key(int thread, int rank) => ((long)(thread + 1) << 32) | (uint)rank;
}
