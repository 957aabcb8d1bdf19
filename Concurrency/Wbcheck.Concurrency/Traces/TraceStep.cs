using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Traces;

/// <summary>
/// One decision of a run, in order: which thread ran (and the scheduling point it resumed at), or
/// which value a thread's nondeterministic choice took. A step's index in the trace is its number.
/// </summary>
/// <param name="ThreadId">The thread that ran, or that made the choice (-1: the program's setup).</param>
/// <param name="ThreadName">That thread's name.</param>
/// <param name="Kind">The kind of scheduling point, or <see cref="DecisionKind.Choice"/>.</param>
/// <param name="Label">
/// What the thread was about to do at that point (e.g. lock_page(5)); for a choice, what it
/// decides (io-result, reclaim-victim, scenario).
/// </param>
/// <param name="Value">For a choice, the value chosen, in [0, <paramref name="Options"/>).</param>
/// <param name="Options">For a choice, how many values there were; 0 for a scheduling step.</param>
/// <param name="Preempts">
/// The thread that ran the previous step could have gone on but another was chosen: a preemption.
/// </param>
public readonly record struct TraceStep(
    int ThreadId,
    string ThreadName,
    DecisionKind Kind,
    StepLabel Label,
    int Value = 0,
    int Options = 0,
    bool Preempts = false)
{
    public bool IsChoice => Kind == DecisionKind.Choice;

    /// <summary>"T3" for a thread, "setup" for a choice made by the program's setup.</summary>
    public string ThreadTag => ThreadId < 0 ? "setup" : $"T{ThreadId}";

    /// <summary>"T3 at lock_page(5)", or "T3 to choose io-result of 2".</summary>
    public override string ToString() =>
        IsChoice ? $"{ThreadTag} to choose {Label} of {Options}" : $"{ThreadTag} at {Label}";
}
