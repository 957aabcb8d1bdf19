using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The lasso search's schedule: the first <c>prefix</c> decisions of a recorded run, then
/// round-robin in which the program's leader (<see cref="Lassos.LassoShape"/>, a writer appending
/// pages) skips its turn while its lead has reached <c>target</c>. Plain round-robin lets a
/// writer that needs fewer steps a page than the walk behind it pull away for ever, so no state
/// comes back even relative to the walk's cursor; holding it at a fixed lead makes the run
/// periodic. Every schedule is a schedule: whether a cycle is fair is checked on the cycle
/// (<see cref="Bugs.LassoDetector"/>), not assumed from the strategy. Choices after the prefix
/// take their first option.
/// </summary>
internal sealed class PacedStrategy(IReadOnlyList<TraceStep> recorded, int prefix, long target) : ISchedulingStrategy
{
    public string Name => "paced";

    public bool IsFair => true;

    public int LearningIterations => 0;

    public bool StartIteration(int iteration, ulong seed) => true;

    public int NextThread(in SchedulingStep step)
    {
        if (step.Index < prefix)
        {
            var wanted = recorded[step.Index].ThreadId;
            return step.IsEnabled(wanted)
                ? wanted
                : throw new InvalidOperationException($"internal error: the recorded run's T{wanted} is not enabled at step {step.Index} of its replay");
        }

        var held = -1;
        if (step.LassoShape is { } shape && step.Enabled.Length > 1 && shape.Lead() >= target)
        {
            foreach (var id in step.Enabled)
            {
                if (step.NameOf(id) == shape.Leader)
                {
                    held = id;
                }
            }
        }

        foreach (var id in step.Enabled)
        {
            if (id > step.Previous && id != held)
            {
                return id;
            }
        }

        foreach (var id in step.Enabled)
        {
            if (id != held)
            {
                return id;
            }
        }

        return step.Enabled[0];
    }

    public int NextChoice(in ChoicePoint choice) => choice.Index < prefix ? recorded[choice.Index].Value : 0;
}
