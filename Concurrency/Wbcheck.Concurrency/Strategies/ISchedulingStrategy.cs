using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// What a strategy does, in shuttle's three calls: start an iteration, pick the next thread, pick a
/// value. A strategy never records anything: the runner records every answer in the trace.
/// </summary>
internal interface ISchedulingStrategy
{
    /// <summary>The name written in traces ("random", "pct", "dfs", "replay").</summary>
    string Name { get; }

    /// <summary>
    /// Every enabled thread keeps getting to run, so a liveness monitor that stays hot means a real
    /// livelock. An unfair strategy (PCT, DFS) is followed by fair random scheduling after the
    /// configured number of unfair steps, and liveness is only judged there.
    /// </summary>
    bool IsFair { get; }

    /// <summary>
    /// How many first iterations the strategy learns from (PCT learns the length of a run). Every
    /// parallel worker and shard runs these itself, in order, so that iteration i is scheduled the
    /// same way whatever the worker count.
    /// </summary>
    int LearningIterations { get; }

    /// <summary>Prepare iteration <paramref name="iteration"/>; false when there is nothing left to explore.</summary>
    bool StartIteration(int iteration, ulong seed);

    /// <summary>
    /// <see cref="NextThread"/>'s answer when the rest of this schedule needs no exploring (DFS's
    /// reduction or its visited states showed it equivalent to one already run): the iteration
    /// ends there, finding nothing.
    /// </summary>
    const int Stop = -1;

    /// <summary>The id of the thread to run next, one of <see cref="SchedulingStep.Enabled"/>, or <see cref="Stop"/>.</summary>
    int NextThread(in SchedulingStep step);

    /// <summary>
    /// Whether the strategy reads the footprints <see cref="StepRan"/> is given (DFS with
    /// reduction): only then does the model report its accesses, and only then is StepRan called.
    /// </summary>
    bool WantsFootprints => false;

    /// <summary>
    /// Whether the step just chosen replays a step of the last schedule from the same state (DFS's
    /// shared prefix, <see cref="PrefixReplay.Checkpoint"/>): the states after it were checked then.
    /// </summary>
    bool Replaying => false;

    /// <summary>Thread <paramref name="threadId"/> ran the step just chosen, touching <paramref name="footprint"/>.</summary>
    void StepRan(int threadId, in Footprint footprint)
    {
    }

    /// <summary>The value of a nondeterministic choice, in [0, <see cref="ChoicePoint.Count"/>).</summary>
    int NextChoice(in ChoicePoint choice);
}
