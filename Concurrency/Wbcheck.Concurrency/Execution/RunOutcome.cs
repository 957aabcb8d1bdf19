using Wbcheck.Concurrency.Bugs;

namespace Wbcheck.Concurrency.Execution;

/// <summary>How one iteration ended.</summary>
/// <param name="Bug">The bug found, or null.</param>
/// <param name="Steps">Decisions recorded.</param>
/// <param name="ReachedFairPhase">An unfair strategy was cut at the unfair-step bound and fair scheduling took over.</param>
internal readonly record struct RunOutcome(BugReport? Bug, int Steps, bool ReachedFairPhase);
