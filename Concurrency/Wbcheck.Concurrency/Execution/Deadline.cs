using System.Diagnostics;

namespace Wbcheck.Concurrency.Execution;

/// <summary>
/// When a time budget runs out, as a <see cref="Stopwatch"/> timestamp, so that checking it
/// inside a schedule costs one clock read every few thousand steps.
/// </summary>
internal readonly record struct Deadline(long Timestamp)
{
    public static Deadline None { get; } = new(long.MaxValue);

    public static Deadline After(TimeSpan? budget) =>
        budget is { } time ? new(Stopwatch.GetTimestamp() + (long)Math.Min(time.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2)) : None;

    public bool HasPassed => Timestamp != long.MaxValue && Stopwatch.GetTimestamp() >= Timestamp;
}
