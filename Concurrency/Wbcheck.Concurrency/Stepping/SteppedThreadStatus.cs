namespace Wbcheck.Concurrency.Stepping;

/// <summary>Where a thread of a <see cref="SteppedRuntime"/> stands between two steps.</summary>
public enum SteppedThreadStatus
{
    /// <summary>Parked at a scheduling point (or not started yet): it can be stepped.</summary>
    Runnable,

    /// <summary>Asleep on a wait queue until another thread wakes it.</summary>
    Sleeping,

    /// <summary>Its body returned.</summary>
    Finished,

    /// <summary>Its body threw; <see cref="SteppedRuntime.FailureOf"/> gives the exception.</summary>
    Failed,
}
