namespace Wbcheck.Concurrency.Execution;

/// <summary>The limits one iteration runs under; a trace records them so that replay runs under the same.</summary>
/// <param name="MaxSteps">Decisions after which the iteration stops (a bug for a terminating program).</param>
/// <param name="FairFrom">
/// The step from which scheduling is fair and liveness monitors are judged: 0 for a fair strategy,
/// the unfair-step bound for PCT and DFS, <see cref="int.MaxValue"/> for never.
/// </param>
/// <param name="LivenessBound">Consecutive hot steps, under fair scheduling, that make a livelock.</param>
/// <param name="Terminates">The program declares it ends by itself.</param>
/// <param name="Lassos">Report a livelock as soon as a state comes back while a liveness monitor is hot, on a fair cycle (<see cref="Bugs.LassoDetector"/>).</param>
/// <param name="UnreportedAccesses">For tests of the reduction: accesses dropped from every footprint (<see cref="TestingConfiguration.UnreportedAccesses"/>).</param>
/// <param name="ChoicesGlobal">A step that makes a choice is global (<see cref="Strategies.ChoiceFootprint.Global"/>).</param>
internal readonly record struct RunSettings(
    int MaxSteps, int FairFrom, int LivenessBound, bool Terminates, bool Lassos = false, (ulong Mask, ulong Value) UnreportedAccesses = default, bool ChoicesGlobal = false);
