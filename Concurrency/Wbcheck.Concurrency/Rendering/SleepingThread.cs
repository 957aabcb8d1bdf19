namespace Wbcheck.Concurrency.Rendering;

/// <summary>A thread asleep after a step: on what, and who holds it (a thread, a note such as "bio 3", or nobody).</summary>
internal sealed record SleepingThread(int ThreadId, string Queue, string? Holder);
