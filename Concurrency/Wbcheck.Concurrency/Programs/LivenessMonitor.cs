namespace Wbcheck.Concurrency.Programs;

/// <summary>
/// A progress property: hot while something is owed ("fsync has not returned"), cold once it is
/// delivered. Hot for longer than the liveness bound under fair scheduling is a livelock.
/// </summary>
internal sealed record LivenessMonitor(string Name, Func<bool> IsHot);
