namespace Wbcheck.Model.Runtime;

/// <summary>
/// The awaitable a scheduling point returns. Allocation-free: a completed point (the sequential
/// executor, or a runtime that lets the current thread go on) carries no runtime and does not
/// suspend; otherwise the continuation is handed to <see cref="IKernelRuntime.Park"/>.
/// </summary>
public readonly struct Preemption
{
    private readonly IKernelRuntime? runtime;

    /// <summary>A point that suspends the current thread and parks it with <paramref name="runtime"/>.</summary>
    public Preemption(IKernelRuntime runtime) => this.runtime = runtime;

    /// <summary>A point that does not suspend.</summary>
    public static Preemption Completed => default;

    public PreemptionAwaiter GetAwaiter() => new(runtime);
}
