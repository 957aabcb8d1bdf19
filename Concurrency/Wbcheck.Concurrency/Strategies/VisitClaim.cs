namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// What a visit of a state in stateful DFS could explore from it: the step it arrived at (the
/// steps left before fair scheduling follow from it), the preemptions the bound still allows,
/// who ran last (it decides which switch is a preemption; -1 when that thread cannot go on) and
/// the threads asleep on arrival (partial-order reduction), as a 64-bit set.
/// </summary>
internal readonly record struct VisitClaim(int Depth, int PreemptionsLeft, int LastThread, ulong Asleep);
