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

    /// <summary>
    /// The legacy path's freed request (2.6.20 to 4.20) wakes every submitter sleeping for one of
    /// its list, and each looks again, as the model did before branch queue23: a later sleeper
    /// may take the request before the first in line asleep, which the kernel's exclusive wake-up
    /// lets it only before 3.0, and only when the free lands before that sleeper is off the
    /// runqueue (an uncounted wake-up: branch wakefix24).
    /// </summary>
    public bool RequestWaitWakesAll { get; init; }

    /// <summary>
    /// get_request without io_context batching (2.6.20 to 4.20): nobody goes past nr_requests,
    /// and a task just woken is refused while the list is full, as the model was before branch
    /// queue23.
    /// </summary>
    public bool RequestAllocationIgnoresBatching { get; init; }

    /// <summary>
    /// blk-mq's freed tag (5.0 on) wakes every sleeper of every one of the tag bitmap's wait
    /// queues, and each looks again, as the model did before branch wake24: any of them may take
    /// the tag, where the kernel wakes one (a wake_batch) from the wait queue at wake_index.
    /// </summary>
    public bool TagWaitWakesAll { get; init; }

    /// <summary>
    /// The list era's blk_put_request (2.5.31) wakes every writer sleeping for a request, and
    /// each looks again, as the model did before branch wake24: a writer that queued later may
    /// take the request before the first in line even when every sleeper is asleep, which the
    /// kernel's exclusive wake_up does not let it (its overtakes need a free landing in a
    /// sleeper's window before schedule(): branch wakefix24).
    /// </summary>
    public bool ListEraPutRequestWakesAll { get; init; }

    /// <summary>
    /// A queue without the legacy request path (the model's blk-mq disk, 5.0 on) sets and clears
    /// the disk's write-congested bit at the legacy thresholds, and a free below the off threshold
    /// ends congestion_wait, as the model had it before branch congest25: reclaim counts and marks
    /// a 5.0 disk's queue congested, naps on it, and its congestion_wait ends at a free instead of
    /// lasting its timeout.
    /// </summary>
    public bool BlkMqQueueSetsCongested { get; init; }
}
