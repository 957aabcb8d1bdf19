namespace Wbcheck.Concurrency.Rendering;

/// <summary>What one step of a replayed trace left behind: the state lines it changed, who sleeps, who holds which lock, who finished.</summary>
internal sealed record TraceFrame(
    IReadOnlyList<StateChange> Changes,
    IReadOnlyList<SleepingThread> Sleeping,
    IReadOnlyList<HeldLock> Held,
    bool ThreadFinished);
