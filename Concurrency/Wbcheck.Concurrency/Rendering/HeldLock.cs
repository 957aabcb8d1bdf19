namespace Wbcheck.Concurrency.Rendering;

/// <summary>A lock a thread holds after a step, named by the key of the state line that says so.</summary>
internal sealed record HeldLock(int ThreadId, string What);
