namespace Wbcheck.Concurrency;

/// <summary>
/// DFS's dynamic partial-order reduction: which threads a branch tries beyond its first one
/// (docs/search.md, "Dynamic partial-order reduction"). Applies with <see cref="TestingConfiguration.Reduction"/>
/// on, to programs that report footprints; combined with the sleep sets.
/// </summary>
public enum DporMode
{
    /// <summary>Every thread awake at a branch is tried (sleep sets only).</summary>
    Off,

    /// <summary>
    /// Flanagan and Godefroid (POPL 2005): a branch tries a thread only when a step of it races
    /// with the step taken there; when that thread could not run there, every thread.
    /// </summary>
    FlanaganGodefroid,

    /// <summary>
    /// Source sets (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014): a branch tries one thread
    /// that can start the race's reversal, unless one it tries or one asleep there already does.
    /// </summary>
    Source,

    /// <summary>
    /// Optimal DPOR (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014): source sets with wakeup
    /// trees. A race's reversal is kept as a sequence of steps at the branch before it, and the
    /// schedule that takes it follows that sequence, so it reaches the reversal with every
    /// sleeping thread woken: that is the paper's guarantee (each class once, no schedule ends
    /// asleep); this implementation reaches it on the hand-counted programs, but without a bound
    /// some schedules still end asleep on programs with locks or choices (docs/search.md). Under a bound that has cut the tree, races add threads as
    /// <see cref="Source"/> does under a bound (docs/search.md, "Optimal DPOR").
    /// </summary>
    Optimal,
}
