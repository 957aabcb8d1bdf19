namespace Wbcheck.Concurrency.Strategies;

/// <summary>How a race's reversal is inserted into a branch's wakeup tree (docs/search.md, "Optimal DPOR").</summary>
internal enum WakeupInsertion
{
    /// <summary>
    /// A node covers the reversal's next step when its thread's first step there has no step of
    /// the reversal before it in happens-before (an initial), or when its step is independent of
    /// every step left (a weak initial: it commutes past all of them). The default.
    /// </summary>
    Exact,

    /// <summary>
    /// For tests only: a thread with no step left in the reversal covers it whatever its step
    /// touches (its footprint is not compared with the reversal's), so a race whose reversal a
    /// sleeping or tried thread does not commute with is taken as explored, which loses classes.
    /// </summary>
    WeakInitialsIgnoreFootprints,
}
