using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The sequential executor, with one thing done by "another thread" at a chosen scheduling
/// point: the first point whose label <paramref name="at"/> picks runs <paramref name="meanwhile"/>
/// before the thread goes on, as if another thread had run there. For tests of what a kernel path does with state another thread
/// changed while it was preemptible, where its end state under a plain sequential run cannot
/// show it.
/// </summary>
internal sealed class InterposingRuntime(Func<StepLabel, bool> at, Action meanwhile) : IKernelRuntime
{
    private bool done;

    public SequentialRuntime Inner { get; } = new();

    public ModelThread Current => Inner.Current;

    /// <summary>Whether <see cref="Schedule"/> has met the point and run the action.</summary>
    public bool Interposed => done;

    public Preemption Schedule(PointKind kind, StepLabel label)
    {
        if (!done && at(label))
        {
            done = true;
            meanwhile();
        }

        return Inner.Schedule(kind, label);
    }

    public Preemption Sleep(WaitQueue queue, StepLabel label) => Inner.Sleep(queue, label);

    public void WakeAll(WaitQueue queue) => Inner.WakeAll(queue);

    public int Choose(ChoiceKind kind, int count) => Inner.Choose(kind, count);

    public ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null) =>
        Inner.Spawn(name, body, firstPoint, firstLabel);

    public void EnterAtomic(string lockName) => Inner.EnterAtomic(lockName);

    public void ExitAtomic() => Inner.ExitAtomic();

    public void Park(Action continuation) => Inner.Park(continuation);
}
