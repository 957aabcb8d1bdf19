namespace Wbcheck.Concurrency.Minimization;

/// <summary>What the bounded search established.</summary>
/// <param name="ProvedUpTo">Every schedule with at most this many preemptions was run without the bug (-1: no bound finished).</param>
/// <param name="Schedules">Schedules DFS ran.</param>
/// <param name="Complete">The trace's preemption count is the fewest the bug needs (every lower bound was run whole).</param>
/// <param name="StepLimit">The length each schedule was cut at: "fewest" is among schedules no longer (0: no search ran).</param>
/// <param name="Reduced">The proof was the reduced, stateful search's (<see cref="PreemptionProof"/>), not the bounded search's whole trees.</param>
internal readonly record struct PreemptionSearchResult(int ProvedUpTo, long Schedules, bool Complete, int StepLimit, bool Reduced = false);
