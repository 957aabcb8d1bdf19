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
/// take their first option. In a smaller configuration of the recorded run's program
/// (<see cref="Lassos.ILassoConfigurations"/>) the prefix may stop fitting: from the first decision
/// whose recorded thread is not enabled the pacing takes over (<see cref="Diverged"/>), which is
/// as much a schedule as any. With a <c>headStart</c>, the leader runs first after the prefix,
/// whenever it can, until it has taken that many steps: a writer then starts its pages ahead of
/// the walk, where a prefix that let the walk start first leaves the first holes dirty behind it.
/// </summary>
internal sealed class PacedStrategy(IReadOnlyList<TraceStep> recorded, int prefix, long target, int headStart = 0) : ISchedulingStrategy
{
    private int leaderSteps;

    public string Name => "paced";

    public bool IsFair => true;

    public int LearningIterations => 0;

    /// <summary>The recorded prefix stopped fitting this run (another configuration): paced from there.</summary>
    public bool Diverged { get; private set; }

    public bool StartIteration(int iteration, ulong seed)
    {
        leaderSteps = 0;
        return true;
    }

    public int NextThread(in SchedulingStep step)
    {
        if (step.Index < prefix && !Diverged)
        {
            var wanted = recorded[step.Index].ThreadId;
            if (step.IsEnabled(wanted))
            {
                return wanted;
            }

            Diverged = true;
        }

        if (leaderSteps < headStart && step.LassoShape is { } leading)
        {
            foreach (var id in step.Enabled)
            {
                if (step.NameOf(id) == leading.Leader)
                {
                    leaderSteps++;
                    return id;
                }
            }
        }

        var held = -1;
        if (step.Enabled.Length > 1 && step.LassoShape is { } shape && shape.Lead() >= target)
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

    public int NextChoice(in ChoicePoint choice) => choice.Index < prefix && !Diverged ? recorded[choice.Index].Value : 0;
}
