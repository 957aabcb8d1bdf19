using Wbcheck.Concurrency.Bugs;

namespace Wbcheck.Concurrency.Traces;

/// <summary>What replaying a trace did.</summary>
/// <param name="Reproduced">The run found exactly the recorded bug at the recorded step.</param>
/// <param name="Bug">The bug the replay found, if any (when not reproduced, a different one).</param>
/// <param name="Divergence">When not reproduced: where and how the run left the trace.</param>
public sealed record ReplayResult(bool Reproduced, BugReport? Bug, string? Divergence)
{
    /// <summary>The replay was stopped by its time limit before it could tell.</summary>
    public bool TimedOut { get; init; }

    public override string ToString() => Reproduced ? $"reproduced {Bug}" : Divergence!;
}
