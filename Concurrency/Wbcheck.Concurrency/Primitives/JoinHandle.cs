using System.Runtime.CompilerServices;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>
/// A thread started with <see cref="Threads.SpawnJoinable"/> (shuttle's <c>JoinHandle</c>):
/// <see cref="JoinAsync"/> returns once the thread has finished, at once (no scheduling point)
/// when it already has. A thread that joins itself, or a cycle of joins, is reported as a deadlock
/// whose wait-for graph names the thread joined.
/// </summary>
public sealed class JoinHandle
{
    private readonly IKernelRuntime runtime;
    private readonly WaitQueue finished;
    private readonly ulong finishedId;
    private readonly StepLabel label;

    internal JoinHandle(IKernelRuntime runtime, string name)
    {
        this.runtime = runtime;
        finished = new WaitQueue($"join {name}");
        finishedId = Footprint.IdOf(finished.Name);
        label = new StepLabel($"join({name})");
    }

    /// <summary>The thread.</summary>
    public ModelThread Thread { get; private set; } = null!;

    /// <summary>The thread's body has returned (or thrown).</summary>
    public bool IsFinished { get; private set; }

    /// <summary>Wait until the thread has finished.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask JoinAsync()
    {
        SharedAccess.Touch(finishedId);
        while (!IsFinished)
        {
            await runtime.Sleep(finished, label);
            SharedAccess.Touch(finishedId);
        }
    }

    /// <summary>The thread's last step: mark it finished and wake its joiners.</summary>
    internal void Finish()
    {
        IsFinished = true;
        finished.Holder = null;
        runtime.WakeAll(finished);
    }

    internal void Started(ModelThread thread)
    {
        Thread = thread;
        finished.Holder = thread;
    }
}
