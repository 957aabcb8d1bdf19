namespace Wbcheck.Model.Runtime;

/// <summary>
/// What the model asks of whoever runs it: every place the kernel can be preempted or sleep is a
/// call here, and every nondeterministic value comes from here. An implementation decides which
/// model thread runs next (the systematic engine), or runs one operation straight through (the
/// sequential executor used by the properties). A run is a pure function of the scenario and of
/// the answers given here, which is what makes replay exact.
/// </summary>
public interface IKernelRuntime
{
    /// <summary>The model thread now running.</summary>
    ModelThread Current { get; }

    /// <summary>
    /// The number of the step now running, as the runtime's traces number it; null outside a step
    /// or where the runtime does not number steps (the sequential executor). For reports only.
    /// </summary>
    int? StepNumber => null;

    /// <summary>
    /// A point where the kernel can be preempted (before a lock, at cond_resched, at the edge of a
    /// spinlock section, at I/O submission or completion). Await it; another thread may run first.
    /// </summary>
    Preemption Schedule(PointKind kind, StepLabel label);

    /// <summary>
    /// Sleep on <paramref name="queue"/> until <see cref="WakeAll"/> is called on it. Like the
    /// kernel's wait_event, callers re-check their condition after waking, in a loop.
    /// </summary>
    Preemption Sleep(WaitQueue queue, StepLabel label);

    /// <summary>Make every thread sleeping on <paramref name="queue"/> runnable (wake_up_all).</summary>
    void WakeAll(WaitQueue queue);

    /// <summary>A nondeterministic value in [0, <paramref name="count"/>), chosen by the runtime.</summary>
    int Choose(ChoiceKind kind, int count);

    /// <summary>
    /// Start a model thread; it runs when the runtime first schedules it. That first scheduling
    /// point is <paramref name="firstPoint"/> labelled <paramref name="firstLabel"/> (by default a
    /// plain start), so a thread whose whole life is one atomic step, an I/O completion, needs
    /// no scheduling point of its own.
    /// </summary>
    ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null);

    /// <summary>Enter a spinlock section (tree_lock, irqs off): no scheduling point is allowed inside.</summary>
    void EnterAtomic(string lockName);

    /// <summary>Leave the innermost spinlock section.</summary>
    void ExitAtomic();

    /// <summary>
    /// Called by <see cref="PreemptionAwaiter"/> only: the continuation of the current thread,
    /// to run when the runtime next schedules it.
    /// </summary>
    void Park(Action continuation);
}
