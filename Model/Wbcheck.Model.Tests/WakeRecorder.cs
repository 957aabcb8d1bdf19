using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A runtime that only records which wait queues are woken, in order: for tests of a wait
/// queue's wake order by itself, with no thread ever sleeping.
/// </summary>
internal sealed class WakeRecorder : IKernelRuntime
{
    public List<WaitQueue> Woken { get; } = [];

    public List<WaitQueue> Slept { get; } = [];

    public ModelThread Current => throw new NotSupportedException();

    public void WakeAll(WaitQueue queue) => Woken.Add(queue);

    public Preemption Schedule(PointKind kind, StepLabel label) => throw new NotSupportedException();

    /// <summary>A sleep here returns at once: the tests drive the wake-ups themselves.</summary>
    public Preemption Sleep(WaitQueue queue, StepLabel label)
    {
        Slept.Add(queue);
        return Preemption.Completed;
    }

    public int Choose(ChoiceKind kind, int count) => throw new NotSupportedException();

    public ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null) =>
        throw new NotSupportedException();

    public void EnterAtomic(string lockName) => throw new NotSupportedException();

    public void ExitAtomic() => throw new NotSupportedException();

    public void Park(Action continuation) => throw new NotSupportedException();
}
