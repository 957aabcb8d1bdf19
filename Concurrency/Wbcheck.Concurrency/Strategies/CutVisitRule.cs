namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// When a visit of a state whose subtree the preemption bound cut covers a later visit of the
/// same state in stateful DFS (<see cref="VisitedStates"/>; docs/search.md, "Cut visits: who ran
/// last and the depth").
/// </summary>
internal enum CutVisitRule
{
    /// <summary>
    /// The later visit can run no schedule the cut one could not: no more preemptions left, or one
    /// fewer when another thread ran last (the first switch is the only one whose cost depends on
    /// who ran last, by at most one); no shallower, unless no schedule below the cut visit reached
    /// the end of DFS's part (the depth then limits nothing). The default.
    /// </summary>
    Finer,

    /// <summary>The rule before: the same thread last, no more preemptions left, no shallower.</summary>
    Strict,

    /// <summary>For tests only: who ran last is ignored, which loses schedules the bound allows.</summary>
    IgnoresLastThread,
}
