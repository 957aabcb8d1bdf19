namespace Wbcheck.Model.Runtime;

/// <summary>
/// Thrown by the sequential executor where a thread would sleep: nothing else can run there to
/// wake it, so instead of hanging the operation reports what it waited on and who holds it.
/// </summary>
public sealed class WouldBlockException(WaitQueue queue, StepLabel label)
    : Exception($"{label} would block on {queue.Name}{HeldBy(queue)}")
{
    public WaitQueue Queue { get; } = queue;

    public StepLabel Label { get; } = label;

    private static string HeldBy(WaitQueue queue) =>
        queue.Holder is { } holder ? $", held by {holder}"
        : queue.HolderNote is { } note ? $", held by {note}"
        : "";
}
