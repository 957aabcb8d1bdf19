namespace Wbcheck.Concurrency;

/// <summary>Where DFS iterating its preemption bound (no fixed bound) stopped.</summary>
/// <param name="Bound">The last bound explored: the bug's, when the run stopped at one.</param>
/// <param name="SchedulesAtBound">Schedules run at that bound (they include every lower bound's).</param>
/// <param name="PreemptionsLeft">That bound has refused some preemption so far: schedules with more preemptions were not explored.</param>
public readonly record struct IteratedBound(int Bound, long SchedulesAtBound, bool PreemptionsLeft);
