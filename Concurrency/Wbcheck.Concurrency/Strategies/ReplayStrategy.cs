using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// Replays a trace decision by decision and checks each one as it goes, Coyote's way: the recorded
/// thread must be enabled and parked at the recorded point, a recorded choice must be the same
/// choice. At the first decision that does not fit it stops with "trace diverged at step N:
/// expected T3 at lock_page(5), enabled: T1, T2".
/// </summary>
internal sealed class ReplayStrategy(IReadOnlyList<TraceStep> trace) : ISchedulingStrategy
{
    public string Name => "replay";

    // It follows the trace, fair or not; the trace's own settings say where liveness is judged.
    public bool IsFair => true;

    public int LearningIterations => 0;

    public bool StartIteration(int iteration, ulong seed) => true;

    public int NextThread(in SchedulingStep step)
    {
        if (step.Index >= trace.Count)
        {
            throw Diverged(step.Index, $"the trace ends here, but the run goes on; enabled: {EnabledText(step)}");
        }

        var expected = trace[step.Index];
        if (expected.IsChoice)
        {
            throw Diverged(step.Index, $"expected {expected}, but the run schedules a thread; enabled: {EnabledText(step)}");
        }

        if (!step.IsEnabled(expected.ThreadId))
        {
            throw Diverged(step.Index, $"expected {expected}, enabled: {EnabledText(step)}");
        }

        var (kind, label) = step.PointOf(expected.ThreadId);
        if (label != expected.Label)
        {
            throw Diverged(step.Index, $"expected {expected}, but T{expected.ThreadId} is at {label}; enabled: {EnabledText(step)}");
        }

        if (kind != expected.Kind)
        {
            throw Diverged(
                step.Index,
                $"expected {expected} ({TraceNames.Of(expected.Kind)}), but T{expected.ThreadId} is at a " +
                $"{TraceNames.Of(kind)} point there; enabled: {EnabledText(step)}");
        }

        // A trace edited by hand can name a thread otherwise, or flag a preemption the schedule
        // does not make: both would read as another run than the one replayed, and the minimizer
        // rebuilds schedules from the flags.
        if (step.NameOf(expected.ThreadId) is var name && name != expected.ThreadName)
        {
            throw Diverged(step.Index, $"expected {expected}, but T{expected.ThreadId} is \"{name}\", not \"{expected.ThreadName}\"");
        }

        var preempts = step.PreviousEnabled && expected.ThreadId != step.Previous;
        if (preempts != expected.Preempts)
        {
            throw Diverged(
                step.Index,
                preempts
                    ? $"expected {expected}, which the trace does not mark as a preemption, but it preempts T{step.Previous}"
                    : $"expected {expected}, which the trace marks as a preemption, but it preempts no thread");
        }

        return expected.ThreadId;
    }

    public int NextChoice(in ChoicePoint choice)
    {
        var who = choice.ThreadId < 0 ? "the setup" : $"T{choice.ThreadId}";
        var offered = $"{who} makes a choice ({TraceNames.LabelOf(choice.Kind)} of {choice.Count})";
        if (choice.Index >= trace.Count)
        {
            throw Diverged(choice.Index, $"the trace ends here, but {offered}");
        }

        var expected = trace[choice.Index];
        if (!expected.IsChoice || expected.ThreadId != choice.ThreadId ||
            expected.Label != TraceNames.LabelOf(choice.Kind) || expected.Options != choice.Count)
        {
            throw Diverged(choice.Index, $"expected {expected}, but {offered}");
        }

        return expected.Value;
    }

    private static string EnabledText(in SchedulingStep step)
    {
        var names = new List<string>(step.Enabled.Length);
        foreach (var id in step.Enabled)
        {
            names.Add($"T{id}");
        }

        return string.Join(", ", names);
    }

    private static TraceDivergedException Diverged(int step, string what) => new(step, $"trace diverged at step {step}: {what}");
}
