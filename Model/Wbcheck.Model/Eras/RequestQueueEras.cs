namespace Wbcheck.Model;

/// <summary>
/// The disk's request queue as the model's eras bound it: where a writer that finds no free
/// request sleeps for one (get_request_wait). docs/eras.md, the section of branch list2531.
/// </summary>
public static class RequestQueueEras
{
    /// <summary>
    /// A bio submitted when every write request of the queue is taken sleeps in get_request_wait
    /// until completions have given back a batch of them (blk_put_request's wake-up at
    /// batch_requests free) [V: a 2.5.2x ll_rw_blk.c, and the same loop on the "-" side of
    /// akpm's 2.5.38 vm-wakeups diff]. In 2.5.31 that is where writeback stopped at a full queue:
    /// its writeback_control had no nonblocking field and the block layer no congestion state, so
    /// pdflush's walk went on submitting and blocked here
    /// (<see cref="KernelEras.WritebackSkipsCongestedQueue"/> came with nonblocking-pdflush, posted against 2.5.34; in mainline about 2.5.39 [I]).
    /// The model bounds the queue in the list era alone: from 2.6.20 a full queue blocked a
    /// submitter too, but the model's queue there has no request limit (its nonblocking walks stop
    /// at the congestion threshold, 113 of 128, before the queue fills; an integrity walk or a
    /// reclaimer could fill it, which the model does not bound: an abstraction, docs/abstractions.md).
    /// </summary>
    public static bool SubmitWaitsForFreeRequest(this KernelEra era) => era.HasPageLists();
}
