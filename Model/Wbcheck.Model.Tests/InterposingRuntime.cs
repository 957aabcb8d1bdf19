using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The sequential executor, with one thing done by "another thread" at a chosen scheduling
/// point: the first point whose label <paramref name="at"/> picks runs <paramref name="meanwhile"/>
/// before the thread goes on, as if another thread had run there. For tests of what a kernel path does with state another thread
/// changed while it was preemptible, where its end state under a plain sequential run cannot
/// show it.
/// </summary>
internal sealed class InterposingRuntime(Func<StepLabel, bool> at, Action meanwhile) : ForwardingRuntime(new SequentialRuntime())
{
    private bool done;

    /// <summary>Whether <see cref="Schedule"/> has met the point and run the action.</summary>
    public bool Interposed => done;

    public override Preemption Schedule(PointKind kind, StepLabel label)
    {
        if (!done && at(label))
        {
            done = true;
            meanwhile();
        }

        return base.Schedule(kind, label);
    }
}
