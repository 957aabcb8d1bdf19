using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Stepping;

/// <summary>
/// The strategy of a <see cref="SteppedRuntime"/>: its caller picks every thread itself, so only
/// choices are asked of it, and they go to the caller's chooser.
/// </summary>
internal sealed class CallerChoices(SteppedRuntime owner) : ISchedulingStrategy
{
    public string Name => "stepped";

    public bool IsFair => true;

    public int LearningIterations => 0;

    public bool StartIteration(int iteration, ulong seed) => true;

    public int NextThread(in SchedulingStep step) =>
        throw new InvalidOperationException("internal error: a stepped runtime's caller picks the threads, not a strategy");

    public int NextChoice(in ChoicePoint choice) => owner.Chooser(choice.Kind, choice.Count);
}
