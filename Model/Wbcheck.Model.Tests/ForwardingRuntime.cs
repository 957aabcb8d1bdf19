using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The sequential executor behind a test's own runtime: every member goes to <see cref="Inner"/>,
/// and a derived runtime overrides only the points it watches or changes (a scheduling point, a
/// sleep), forwarding to the base when done.
/// </summary>
internal abstract class ForwardingRuntime(SequentialRuntime inner) : IKernelRuntime
{
    public SequentialRuntime Inner { get; } = inner;

    public ModelThread Current => Inner.Current;

    public virtual Preemption Schedule(PointKind kind, StepLabel label) => Inner.Schedule(kind, label);

    public virtual Preemption Sleep(WaitQueue queue, StepLabel label) => Inner.Sleep(queue, label);

    public void WakeAll(WaitQueue queue) => Inner.WakeAll(queue);

    public int Choose(ChoiceKind kind, int count) => Inner.Choose(kind, count);

    public ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null) =>
        Inner.Spawn(name, body, firstPoint, firstLabel);

    public void EnterAtomic(string lockName) => Inner.EnterAtomic(lockName);

    public void ExitAtomic() => Inner.ExitAtomic();

    public void Park(Action continuation) => Inner.Park(continuation);
}
