namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// What partial-order reduction takes a step that makes a choice to have touched
/// (docs/search.md, "Choice steps' footprints"). A step that chooses is one step per value, each
/// run in the subtree of the branch that took its thread; what it touches depends on the value
/// (reclaim's victim is one page, not every page).
/// </summary>
internal enum ChoiceFootprint
{
    /// <summary>
    /// Each value's step has the footprint it reported (what it read to make the choice, what the
    /// value led it to touch); a thread asleep for such a step holds the union over every value its
    /// branch ran, which it ran all of before a later option is entered. The default.
    /// </summary>
    PerValue,

    /// <summary>A step that chooses is global: dependent with every step, never asleep (the rule before).</summary>
    Global,

    /// <summary>
    /// For tests only: each value's step has its own footprint, but a sleeping thread keeps the
    /// footprint of the first value its branch ran, so it sleeps through steps dependent with the
    /// other values only, which loses schedules.
    /// </summary>
    FirstValueOnly,
}
