using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>A thread in a sleep set, with the footprint of the step it would take (already explored from an earlier branch).</summary>
internal readonly record struct SleepEntry(int Thread, Footprint Footprint);
