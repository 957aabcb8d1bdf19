using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The sequential executor, recording every scheduling point a model thread passes (its kind
/// and label) in order: for tests of where a kernel path may be preempted, or which locks it
/// tries, that its end state alone cannot show.
/// </summary>
internal sealed class RecordingRuntime(int? bound = null) : ForwardingRuntime(new SequentialRuntime())
{
    public List<(PointKind Kind, StepLabel Label)> Points { get; } = [];

    /// <summary>The recorded points whose label names <paramref name="function"/> with <paramref name="arg"/> (any argument when null).</summary>
    public int Count(string function, long? arg = null) =>
        Points.Count(point => point.Label.Function == function && (arg is null || point.Label.Arg == arg));

    public override Preemption Schedule(PointKind kind, StepLabel label)
    {
        // A bound stops a path that would not end (a pass that loops) with a message, not a hang.
        if (Points.Count >= bound)
        {
            throw new InvalidOperationException($"more than {bound} scheduling points: the pass does not end (last: {label})");
        }

        Points.Add((kind, label));
        return base.Schedule(kind, label);
    }

    /// <summary>The labels of the sleeps on a wait queue, in order (not in <see cref="Points"/>: those are the scheduling points the executor passes).</summary>
    public List<StepLabel> Sleeps { get; } = [];

    public override Preemption Sleep(WaitQueue queue, StepLabel label)
    {
        Sleeps.Add(label);
        return base.Sleep(queue, label);
    }
}
