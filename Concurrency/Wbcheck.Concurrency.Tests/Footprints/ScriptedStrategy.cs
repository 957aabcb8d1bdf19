using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Tests.Footprints;

/// <summary>
/// Runs a given list of threads, then (if the list runs out) random ones, and records each
/// step's thread, the threads enabled before it and its footprint; the choices are taken from a
/// given list in order, then at random. At scheduling step <see cref="StopAt"/> it fingerprints
/// the state and stops.
/// </summary>
internal sealed class ScriptedStrategy(IReadOnlyList<int> script, IReadOnlyList<int> choices, int stopAt, ulong seed) : ISchedulingStrategy
{
    private readonly DeterministicRandom random = new(seed);

    public string Name => "scripted";

    public bool IsFair => true;

    public int LearningIterations => 0;

    public bool WantsFootprints => true;

    public int StopAt => stopAt;

    public List<int> Threads { get; } = [];

    public List<int[]> EnabledBefore { get; } = [];

    public List<Footprint> Footprints { get; } = [];

    public List<int> Choices { get; } = [];

    /// <summary>For each choice made, the step it was made in and how many options it had.</summary>
    public List<(int Step, int Count)> ChoicePoints { get; } = [];

    /// <summary>The fingerprint at <see cref="StopAt"/>, when the run got there.</summary>
    public ulong? Fingerprint { get; private set; }

    public bool StartIteration(int iteration, ulong iterationSeed) => true;

    public int NextThread(in SchedulingStep step)
    {
        var index = Threads.Count;
        if (index == stopAt)
        {
            Fingerprint = step.Fingerprint();
            return ISchedulingStrategy.Stop;
        }

        var chosen = index < script.Count ? script[index] : step.Enabled[random.NextInt(step.Enabled.Length)];
        if (!step.IsEnabled(chosen))
        {
            return ISchedulingStrategy.Stop;
        }

        Threads.Add(chosen);
        EnabledBefore.Add(step.Enabled.ToArray());
        return chosen;
    }

    public void StepRan(int threadId, in Footprint footprint) => Footprints.Add(footprint.Copy());

    public int NextChoice(in ChoicePoint choice)
    {
        var value = Choices.Count < choices.Count ? Math.Min(choices[Choices.Count], choice.Count - 1) : random.NextInt(choice.Count);
        Choices.Add(value);
        ChoicePoints.Add((Threads.Count - 1, choice.Count));
        return value;
    }
}
