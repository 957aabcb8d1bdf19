namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// Probabilistic Concurrency Testing: S. Burckhardt, P. Kothari, M. Musuvathi, S. Nagarakatte,
/// "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010.
/// Every thread gets a random priority and the highest-priority enabled thread always runs; at
/// d-1 random steps (the priority change points) the thread that just ran drops below every
/// initial priority. For n threads and k steps, each iteration finds a given bug of depth d with
/// probability at least 1/(n·k^(d-1)).
/// </summary>
/// <remarks>
/// <para>
/// As the paper suggests (section 4.1, "identifying sequential execution") and shuttle does,
/// change points count only the steps where more than one thread is enabled: one where there is
/// nothing to choose would be wasted. Threads spawned later get a random initial priority too.
/// </para>
/// <para>
/// A change point lowers the thread that would run at its step, the highest-priority enabled
/// one, as Coyote's prioritization strategy does: so every change point preempts at the step it
/// was drawn for. Lowering the thread that ran the step before instead (another reading of the
/// paper) spends the change point on nothing when that thread has just blocked or ended, or has
/// just spawned a thread that outranks it. Over 800,000 iterations of reorder-10 (8 seeds) this
/// took the odds from 1 bug in 1,282 schedules to 1 in 456 at Coyote's default of 10 change
/// points (d = 11), and from 1 in 962 to 1 in 909 at d = 3; the kernel scenarios and the other
/// test programs were unchanged within noise (100 and 200 seeds).
/// </para>
/// <para>
/// k is not known before a run, so it is estimated: the most scheduling steps of the first
/// <see cref="LearningIterations"/> iterations (before any, the unfair-step bound). That is an
/// upper bound on the branching steps of a typical run, and leaves room for the longer runs that
/// reach a bug. Coyote and shuttle learn the most branching steps instead, over every iteration
/// so far; learned over our 10 fixed iterations, that estimate can stop short of the runs a bug
/// needs, and then no iteration reaches it: on trylock-mutex the odds fell from 1 in 58 to 1 in
/// 370, with 1 seed in 10 finding nothing in 3,000 iterations, although it raised the odds on
/// the hardest kernel scenario (bio-redirty-two-walkers) 1.5 to 2 times. Only those fixed
/// iterations teach k, and every worker runs them first, so iteration i gets the same estimate
/// whatever the worker count.
/// </para>
/// </remarks>
internal sealed class PctStrategy : ISchedulingStrategy
{
    private const int Learning = 10;

    // Initial priorities sit above this; a change point lowers a thread to a value in [1, d-1].
    private const long InitialPriorityBase = 1L << 60;

    private readonly int depth;
    private readonly int initialEstimate;
    private readonly DeterministicRandom random = new();
    private readonly int[] changeSteps;
    private readonly long[] changeValues;
    private long[] priorities = new long[8];
    private int prioritized;
    private int changeCount;
    private int nextChange;
    private int learnedLength;
    private int lastIteration = -1;
    private int branchingSteps;
    private int longestRun;

    /// <param name="depth">d: the depth of the bugs aimed at; d-1 priority change points per iteration.</param>
    /// <param name="initialEstimate">The run length assumed before any run was seen.</param>
    public PctStrategy(int depth, int initialEstimate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        this.depth = depth;
        this.initialEstimate = Math.Max(1, initialEstimate);
        changeSteps = new int[depth - 1];
        changeValues = new long[depth - 1];
    }

    public string Name => "pct";

    public bool IsFair => false;

    public int LearningIterations => Learning;

    /// <summary>The run length k the current iteration's change points are spread over.</summary>
    internal int Estimate { get; private set; }

    /// <summary>Thread <paramref name="threadId"/>'s priority now (the highest enabled runs); 0 before it has one.</summary>
    internal long PriorityOf(int threadId) => threadId < prioritized ? priorities[threadId] : 0;

    public bool StartIteration(int iteration, ulong seed)
    {
        if (lastIteration is >= 0 and < Learning)
        {
            learnedLength = Math.Max(learnedLength, longestRun);
        }

        lastIteration = iteration;
        branchingSteps = 0;
        longestRun = 0;
        Estimate = learnedLength > 0 ? learnedLength : initialEstimate;
        random.Reset(seed);
        prioritized = 0;
        nextChange = 0;
        PlaceChangePoints();
        return true;
    }

    public int NextThread(in SchedulingStep step)
    {
        var enabled = step.Enabled;
        longestRun = step.Index + 1;
        Prioritize(enabled[^1]);
        if (enabled.Length == 1)
        {
            return enabled[0];
        }

        if (nextChange < changeCount && changeSteps[nextChange] == branchingSteps)
        {
            priorities[Highest(enabled)] = changeValues[nextChange++];
        }

        branchingSteps++;
        return Highest(enabled);
    }

    public int NextChoice(in ChoicePoint choice) => random.NextInt(choice.Count);

    private void PlaceChangePoints()
    {
        // d-1 distinct steps in [0, k); the i-th drawn lowers to priority i+1, so which change
        // point is lowest is itself random, as in the paper.
        changeCount = Math.Min(depth - 1, Estimate);
        for (var i = 0; i < changeCount; i++)
        {
            int candidate;
            do
            {
                candidate = random.NextInt(Estimate);
            }
            while (Array.IndexOf(changeSteps, candidate, 0, i) >= 0);

            changeSteps[i] = candidate;
            changeValues[i] = i + 1;
        }

        Array.Sort(changeSteps, changeValues, 0, changeCount);
    }

    /// <summary>Give every thread up to <paramref name="highestId"/> a random initial priority, in spawn order.</summary>
    private void Prioritize(int highestId)
    {
        if (highestId < prioritized)
        {
            return;
        }

        if (highestId >= priorities.Length)
        {
            Array.Resize(ref priorities, Math.Max(highestId + 1, priorities.Length * 2));
        }

        for (; prioritized <= highestId; prioritized++)
        {
            // Random high bits order the threads; the id in the low bits keeps priorities distinct.
            priorities[prioritized] = InitialPriorityBase | (long)(random.NextUInt64() >> 24) << 20 | (long)prioritized;
        }
    }

    private int Highest(ReadOnlySpan<int> enabled)
    {
        var best = enabled[0];
        for (var i = 1; i < enabled.Length; i++)
        {
            if (priorities[enabled[i]] > priorities[best])
            {
                best = enabled[i];
            }
        }

        return best;
    }
}
