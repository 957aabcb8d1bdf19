using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Coyote.Traces;

/// <summary>
/// Follows the schedule of a Coyote run decision by decision (checking each, as a replay does),
/// then, if the run goes on, round-robin. Only a livelock goes past the end: Coyote's liveness
/// temperature and our engine's count of hot steps need not cross their bounds at the same step,
/// and round-robin is fair, so a monitor that stays hot on after it is a livelock by our rule too.
/// </summary>
internal sealed class CarryStrategy(IReadOnlyList<TraceStep> schedule) : ISchedulingStrategy
{
    private readonly ReplayStrategy replay = new(schedule);

    public string Name => "coyote";

    public bool IsFair => true;

    public int LearningIterations => 0;

    public bool StartIteration(int iteration, ulong seed) => true;

    public int NextThread(in SchedulingStep step)
    {
        if (step.Index < schedule.Count)
        {
            return replay.NextThread(step);
        }

        foreach (var id in step.Enabled)
        {
            if (id > step.Previous)
            {
                return id;
            }
        }

        return step.Enabled[0];
    }

    public int NextChoice(in ChoicePoint choice) => choice.Index < schedule.Count ? replay.NextChoice(choice) : 0;
}
