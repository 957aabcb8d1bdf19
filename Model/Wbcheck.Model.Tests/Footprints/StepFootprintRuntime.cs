using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Footprints;

/// <summary>
/// The sequential executor, cutting the access log at every scheduling point (a yield, a wait, a
/// sleep: where the engine may switch threads) and handing each step's entries and the fields it
/// changed to <see cref="StepEnded"/>: a footprint check per step, where an operation-wide one is
/// masked by the same id's writes in the operation's other steps. Threads the model spawns run
/// inside a sleep of the thread that waits for them; their last step (to the thread's end) is
/// counted with the sleeper's next one, which only makes the check more lenient.
/// </summary>
internal sealed class StepFootprintRuntime() : ForwardingRuntime(new SequentialRuntime { RunPendingWhenBlocked = true })
{
    private readonly AccessLog log = new();
    private Func<IReadOnlyList<object>>? objects;
    private FieldSnapshot? before;

    /// <summary>Each step's label (the point that ended it), its entries and the (owner, field) pairs it changed.</summary>
    public Action<StepLabel, ulong[], IReadOnlyList<(object Owner, System.Reflection.FieldInfo Field)>>? StepEnded { get; set; }

    /// <summary>Run <paramref name="operation"/> as a thread, checking each of its steps over the objects <paramref name="graph"/> names.</summary>
    public void Run(string name, Func<Task> operation, Func<IReadOnlyList<object>> graph)
    {
        objects = graph;
        before = new FieldSnapshot(graph());
        log.Clear();
        AccessLog.Current = log;
        try
        {
            Inner.Run(name, operation);
            Inner.RunAllPending();
            EndStep(new StepLabel("(end)"));
        }
        finally
        {
            AccessLog.Current = null;
            objects = null;
        }
    }

    public override Preemption Schedule(PointKind kind, StepLabel label)
    {
        EndStep(label);
        return base.Schedule(kind, label);
    }

    public override Preemption Sleep(WaitQueue queue, StepLabel label)
    {
        EndStep(label);
        return base.Sleep(queue, label);
    }

    private void EndStep(StepLabel label)
    {
        if (objects is null || before is null)
        {
            return;
        }

        // The graph is walked again: a step may have made objects (a page, a work item).
        var changed = before.Changed().ToList();
        StepEnded?.Invoke(label, log.Entries.ToArray(), changed);
        before = new FieldSnapshot(objects());
        log.Clear();
    }
}
