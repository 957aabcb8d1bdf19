namespace Wbcheck.Concurrency.Runtime;

/// <summary>Where a model thread stands between two steps.</summary>
internal enum ThreadStatus : byte
{
    /// <summary>Parked at a scheduling point (or not yet started): the strategy may run it.</summary>
    Runnable,

    /// <summary>Asleep on a wait queue until someone calls WakeAll on it.</summary>
    Sleeping,

    /// <summary>Its body returned or threw.</summary>
    Finished,
}
