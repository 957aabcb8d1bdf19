namespace Wbcheck.Concurrency.Runtime;

/// <summary>How a step ended.</summary>
internal enum StepEnd : byte
{
    /// <summary>The thread parked at its next scheduling point (or went to sleep).</summary>
    Parked,

    /// <summary>The thread's body returned or threw.</summary>
    Finished,

    /// <summary>
    /// Neither: the thread awaited something the runtime does not control, and its continuation
    /// will be run by someone else (or never).
    /// </summary>
    Escaped,
}
