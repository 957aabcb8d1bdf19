namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// What stateful DFS with DPOR does for the branches above a schedule it pruned at a state an
/// earlier visit explored (docs/search.md, "Stateful DFS with DPOR"): the pruned continuations'
/// steps were not run on this path, so their races with this path's steps were not seen.
/// </summary>
internal enum RevisitRule
{
    /// <summary>
    /// The races of the steps in the earlier visits' subtree (<see cref="SubtreeSummary"/>) with
    /// this path's steps add backtrack points, as if those steps ran next (Yang, Chen,
    /// Gopalakrishnan and Kirby, SPIN 2008); where no exact summary is kept, every option.
    /// </summary>
    Summaries,

    /// <summary>Every branch above takes every option (the conservative rule).</summary>
    EveryOption,

    /// <summary>For tests only: nothing, the naive combination, which loses classes of schedules.</summary>
    Nothing,
}
