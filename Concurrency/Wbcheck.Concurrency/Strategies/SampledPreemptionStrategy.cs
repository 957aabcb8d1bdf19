namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// A random schedule with a given number of preemptions: the thread that ran goes on while it can,
/// except at <c>preemptions</c> steps drawn at random below <c>within</c>, where another thread
/// it draws takes over (a preemption, where another can run); where the thread that ran cannot go
/// on, the next is drawn from those that can; choices are drawn too. It samples the tree the
/// bounded DFS of <see cref="Minimization.PreemptionSearch"/> walks, at every depth of it: DFS
/// changes the last decisions of its schedules first, so where a bound's tree is bigger than its
/// budget it never changes the first ones (which thread starts, which one a blocked thread hands
/// over to), and a bug whose short schedule starts otherwise stays out of its reach. Deterministic:
/// a schedule is a function of its seed.
/// </summary>
internal sealed class SampledPreemptionStrategy(int preemptions, int within) : ISchedulingStrategy
{
    private readonly DeterministicRandom random = new();
    private readonly HashSet<int> points = [];

    public string Name => "sampled-preemptions";

    public bool IsFair => false;

    public int LearningIterations => 0;

    public bool StartIteration(int iteration, ulong seed)
    {
        random.Reset(seed);
        points.Clear();
        var count = Math.Min(preemptions, within);
        while (points.Count < count)
        {
            points.Add(random.NextInt(within));
        }

        return true;
    }

    public int NextThread(in SchedulingStep step)
    {
        var enabled = step.Enabled;
        if (!step.PreviousEnabled)
        {
            return enabled[random.NextInt(enabled.Length)];
        }

        if (!points.Contains(step.Index) || enabled.Length == 1)
        {
            return step.Previous;
        }

        // Another thread than the one that could go on: its place in the ascending set is skipped.
        var index = random.NextInt(enabled.Length - 1);
        return enabled[index >= enabled.IndexOf(step.Previous) ? index + 1 : index];
    }

    public int NextChoice(in ChoicePoint choice) => random.NextInt(choice.Count);
}
