namespace Wbcheck.Concurrency.Traces;

/// <summary>
/// What a recorded decision was: the kind of scheduling point at which the chosen thread resumed
/// (the <see cref="Wbcheck.Model.Runtime.PointKind"/> values), or a nondeterministic choice.
/// Written in traces as "start", "yield", "lock", "wait", "spinlock", "submit-io", "complete-io",
/// "choice", "read" and "write", so that a trace reads like a story. New kinds go at the end: the
/// values of the older ones stay.
/// </summary>
public enum DecisionKind : byte
{
    Start,
    Yield,
    Lock,
    Wait,
    SpinLock,
    SubmitIo,
    CompleteIo,
    Choice,
    Read,
    Write,
}
