namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// Which explored options of a branch sleep in its later options' subtrees when the preemption
/// bound cut their own subtree (docs/search.md, "Sleep sets under the bound"). Sleeping thread t
/// at branch s stands for the schedules u..t.. that run t's step before anything dependent with
/// it: each is equivalent to t u .. from s, explored in t's subtree only if that order is within
/// the bound too.
/// </summary>
internal enum SleepUnderBound
{
    /// <summary>
    /// An option cut by the bound sleeps when moving its step to the front never costs a preemption
    /// more: it is the previous thread going on (no preemption at s), or its thread cannot run
    /// right after its step (no preemption after it). The default.
    /// </summary>
    FreeReorderings,

    /// <summary>No option whose subtree was cut sleeps (Coons, Musuvathi and McKinley's caution; the rule before).</summary>
    Uncut,

    /// <summary>For tests only: every option cut by the bound sleeps, which loses schedules the bound allows.</summary>
    EveryOption,
}
