namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// Installed on the engine thread while an iteration runs, so that nothing model code awaits can
/// resume behind the engine's back. An await of a task completed on the engine thread still
/// resumes inline (the runtime allows that: it is part of the same step). Anything else that
/// comes through here is uncontrolled concurrency: Task.Yield posts from the engine thread, and
/// Task.Delay, a timer or a foreign task post from another thread. The continuation is noted and
/// dropped, never run, so it cannot race with the engine.
/// </summary>
internal sealed class ControlledSynchronizationContext(ControlledRuntime runtime, int ownerThreadId) : SynchronizationContext
{
    private volatile bool closed;

    /// <summary>The runtime of the iteration this context serves.</summary>
    internal ControlledRuntime Runtime => runtime;

    public override void Post(SendOrPostCallback callback, object? state) => Refuse();

    public override void Send(SendOrPostCallback callback, object? state)
    {
        Refuse();
        throw new NotSupportedException("model code may not send work to the engine's synchronization context");
    }

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>The iteration is over: later posts (a timer firing after a reported escape) are ignored.</summary>
    internal void Close() => closed = true;

    private void Refuse()
    {
        if (closed)
        {
            return;
        }

        runtime.NoteViolation(Environment.CurrentManagedThreadId == ownerThreadId
            ? $"{runtime.DescribeRunning()} posted a continuation to the synchronization context: model code awaited " +
              "Task.Yield or something else that resumes through the context; await only the runtime's Schedule and Sleep"
            : "a continuation was posted from another OS thread (Task.Delay, a timer " +
              "or a task completed outside the runtime); model code may await only the runtime's Schedule and Sleep");
    }
}
