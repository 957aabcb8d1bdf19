namespace Wbcheck.Model;

/// <summary>Bugs of the request queue's wait for a free request (<see cref="RequestQueueEras"/>).</summary>
public sealed partial record Faults
{
    /// <summary>
    /// A freed request (from 2.6.20; a freed tag on blk-mq) wakes none of the submitters sleeping
    /// for one: a writer that found the queue full sleeps for ever once the bios it waits behind
    /// have completed, for the deadlock detector to see. The list era's batch wake-up is not
    /// affected.
    /// </summary>
    public bool FreedRequestWakesNobody { get; init; }
}
