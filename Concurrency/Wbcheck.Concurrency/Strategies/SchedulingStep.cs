using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// What a strategy sees when it picks the next thread. A ref struct over the runtime's own buffers,
/// so asking costs no allocation.
/// </summary>
internal readonly ref struct SchedulingStep
{
    private readonly ControlledRuntime runtime;

    internal SchedulingStep(int index, ReadOnlySpan<int> enabled, int previous, bool previousEnabled, ControlledRuntime runtime)
    {
        Index = index;
        Enabled = enabled;
        Previous = previous;
        PreviousEnabled = previousEnabled;
        this.runtime = runtime;
    }

    /// <summary>The number of this decision in the trace.</summary>
    public int Index { get; }

    /// <summary>The ids of the threads that may run, ascending; never empty.</summary>
    public ReadOnlySpan<int> Enabled { get; }

    /// <summary>The thread that ran the previous step, -1 before the first.</summary>
    public int Previous { get; }

    /// <summary>The previous thread may go on: choosing another one is a preemption.</summary>
    public bool PreviousEnabled { get; }

    /// <summary>The scheduling point thread <paramref name="threadId"/> would resume at.</summary>
    public (DecisionKind Kind, StepLabel Label) PointOf(int threadId) => runtime.PointOf(threadId);

    /// <summary>The name thread <paramref name="threadId"/> was spawned with.</summary>
    public string NameOf(int threadId) => runtime.SlotOf(threadId).Thread.Name;

    public bool IsEnabled(int threadId) => Enabled.Contains(threadId);

    /// <summary>The fingerprint of the program's state now (costly: it walks the state).</summary>
    public ulong Fingerprint() => runtime.Fingerprint();

    /// <summary>The program's shifted-lasso declaration, if any (the paced lasso search reads its lead).</summary>
    internal Lassos.LassoShape? LassoShape => runtime.LassoShape;
}
