using System.Runtime.CompilerServices;

namespace Wbcheck.Model.Runtime;

/// <summary>Awaiter of <see cref="Preemption"/>; hands the continuation to the runtime.</summary>
public readonly struct PreemptionAwaiter : ICriticalNotifyCompletion
{
    private readonly IKernelRuntime? runtime;

    internal PreemptionAwaiter(IKernelRuntime? runtime) => this.runtime = runtime;

    public bool IsCompleted => runtime is null;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => runtime!.Park(continuation);

    public void UnsafeOnCompleted(Action continuation) => runtime!.Park(continuation);
}
