namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// How DFS with reduction runs the prefix each schedule shares with the one before it (docs/search.md,
/// "Replaying the prefix from a checkpoint"). The engine is stateless between schedules: each
/// schedule rebuilds the program and re-runs its prefix's steps. What DFS computed over those steps
/// (their footprints, happens-before clocks, races and sleep sets) is the same as last time, so it
/// need not be computed again.
/// </summary>
internal enum PrefixReplay
{
    /// <summary>
    /// The prefix's steps are re-run without their access logs, footprints, race detection or sleep
    /// sets: the threads are taken from the last schedule, the race detector is cut back to the
    /// prefix (<see cref="RaceDetector.TruncateTo"/>), and the sleep set is restored where the
    /// prefix ends, at its last thread branch.
    /// </summary>
    Checkpoint,

    /// <summary>Every step of the prefix is run as a new one (footprints, clocks, sleep sets): the plain engine.</summary>
    Rerun,

    /// <summary>
    /// For tests only: as <see cref="Checkpoint"/>, but the race detector forgets the prefix instead
    /// of being cut back to it, so races between the prefix's steps and the new ones go unseen.
    /// </summary>
    CheckpointForgetsPrefix,
}
