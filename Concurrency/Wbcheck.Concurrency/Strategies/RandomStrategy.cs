namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// Uniformly random scheduling and choices: each step runs any enabled thread with equal
/// probability. Fair with probability 1, so it is also what follows an unfair strategy's steps.
/// </summary>
internal sealed class RandomStrategy : ISchedulingStrategy
{
    private readonly DeterministicRandom random = new();

    public string Name => "random";

    public bool IsFair => true;

    public int LearningIterations => 0;

    public bool StartIteration(int iteration, ulong seed)
    {
        random.Reset(seed);
        return true;
    }

    public int NextThread(in SchedulingStep step) => step.Enabled[random.NextInt(step.Enabled.Length)];

    public int NextChoice(in ChoicePoint choice) => random.NextInt(choice.Count);
}
