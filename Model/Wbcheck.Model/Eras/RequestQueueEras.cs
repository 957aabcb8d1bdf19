namespace Wbcheck.Model;

/// <summary>
/// The disk's request queue as the model's eras bound it: where a submitter that finds no free
/// request (or, on blk-mq, no free tag) sleeps for one, what wakes it, and which requests share a
/// list. docs/eras.md, the sections of branches list2531 and queue22.
/// </summary>
public static class RequestQueueEras
{
    /// <summary>
    /// blk_put_request wakes a writer in get_request_wait only once batch_requests are free again
    /// (2.5's ll_rw_blk.c [V]). From 2.6 (2.6.20 read) freed_request wakes one waiter of the
    /// list as soon as the list is below nr_requests, one free request, and the batching moved to
    /// the allocating side (ioc_batching: docs/eras.md, the sections of branches queue22 and queue23).
    /// </summary>
    public static bool RequestFreeWakesAtBatch(this KernelEra era) => era.HasPageLists();

    /// <summary>
    /// The request lists count sync and async requests (rl-&gt;count[BLK_RW_SYNC],
    /// count[BLK_RW_ASYNC]) instead of reads and writes: a read and a REQ_SYNC write take from
    /// the sync list, wait on its wait queue and set its congested bit; only async writes congest
    /// what bdi_write_congested tests (the async bit) and wake congestion_wait(BLK_RW_ASYNC).
    /// Jens Axboe's change 1faa16d22877, "block: change the request allocation/congestion logic
    /// to be sync/async based" [V: id, title and author on a gitiles page of a kernel tree at that
    /// commit; its release, 2.6.30, R]; `is_sync =
    /// rw_is_sync(rw_flags)` and count[is_sync] read in blk-core.c of 2.6.3x and 4.x [V]. The
    /// model's eras from 2.6.36; its 5.0 and later keep the split in their counts of requests,
    /// though no bit is set from them there (<see cref="RequestQueueSetsCongested"/>).
    /// </summary>
    public static bool RequestListsAreSyncAsync(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// get_request has the task's io_context from its start (3.x's `ioc = current->io_context`,
    /// later `rq_ioc(bio)`), so every allocation of a batcher takes one from its batch. 2.6.20's
    /// ll_rw_blk.c and 2.6.3x's blk-core.c start with a null ioc and call current_io_context only
    /// inside `count + 1 >= q->nr_requests` [V]; the final `if (ioc_batching(q, ioc))
    /// ioc->nr_batch_requests--` is false for a null ioc, so an allocation below that mark leaves
    /// the batch whole (a comment there says so, in a request_queue_t ll_rw_blk.c [V]). A 3.x blk-core.c with
    /// blk_queue_dead still calls current_io_context in the branch [V]; one with `ioc =
    /// current->io_context` at the top and create_io_context on a retry [V] is the change (3.3,
    /// Tejun Heo's io_context rework [R], release and commit not verified). The model's eras from 3.19.
    /// </summary>
    public static bool RequestAllocationTakesIocUpfront(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// Requests come from a blk-mq tag set: one bitmap of tags for reads and writes, sync or not,
    /// and a submitter with no free tag sleeps in blk_mq_get_tag (a 4.1x and a 5.x/6.x
    /// blk-mq-tag.c [V]). Every disk is blk-mq from 5.0, which removed the legacy request path
    /// [R]. The model's 4.20 disk stays on the legacy path, and with it the write-congested bit it
    /// sets (<see cref="RequestQueueSetsCongested"/>); a 4.20 blk-mq disk (NVMe, virtio-blk, SCSI
    /// under scsi_mod.use_blk_mq) is not modelled (docs/eras.md, the section of branch congest25).
    /// </summary>
    public static bool RequestsAreBlkMqTags(this KernelEra era) => era.AtLeast(KernelEra.V5_0);

    /// <summary>
    /// The request queue reports its congestion to the VM: get_request sets the disk's
    /// write-congested bit when the write (async) list reaches the congestion-on threshold
    /// (blk_set_queue_congested; from 4.2 blk_set_congested on the request_list), and
    /// freed_request clears it below the off threshold and wakes congestion_wait
    /// (clear_wb_congested's wake_up of congestion_wqh) [V: 2.6.20's ll_rw_blk.c and 4.x's
    /// blk-core.c]. Only the legacy request path did: blk-mq takes a tag from its bitmap and has
    /// no request_list, and every set_wb_congested caller found is the legacy path's or a
    /// filesystem's own (FUSE, Ceph, NFS, pktcdvd) [I: not every 5.0 file read]. The legacy path
    /// went with 5.0: blk_clear_congested "used to exist until October 29th last year" (Matthew
    /// Wilcox, "Is congestion broken?", LKML, 23 September 2019 [V]), to which Jens Axboe answered
    /// "Congestion isn't there anymore" [V: quoted there]; blk_set_congested "vanished (along with
    /// all references to "congested" in blk-core.c) in 5.0" (Hugh Dickins, LKML, August 2021 [V:
    /// quoted in Yang Shi's reply]). So on a 5.0 machine a local disk is never write-congested,
    /// and its congestion_wait sleeps its whole timeout. The model's eras with queue congestion
    /// state (<see cref="ListEraThrottleEras.HasQueueCongestion"/>) and a legacy request path:
    /// 2.6.20 to 4.20.
    /// </summary>
    public static bool RequestQueueSetsCongested(this KernelEra era) => era.HasQueueCongestion() && !era.RequestsAreBlkMqTags();

    /// <summary>
    /// blk-mq's tag bitmap counts freed tags for its wake-ups once per bitmap (completion_cnt,
    /// wakeup_cnt, while ws_active) and wakes a batch queue after queue, where 5.0 counted per
    /// wait queue (ws-&gt;wait_cnt) and woke one queue's sleepers. Gabriel Krisman Bertazi's
    /// "sbitmap: Use single per-bitmap counting to wake up queued tags" (4f8126bb2308 [V: Jens
    /// Axboe's "Applied" mail, 2022-11-11, for-6.2/block]) with "Advance the queue
    /// index before waking up a queue" (976570b4ecd3), "wait: Return number of exclusive waiters
    /// awaken" (ee7dc86b6d3e) and "Try each queue to wake up at least one waiter" (26edb30dd1c0),
    /// in the block pull for 6.2 [V: the pull's shortlog; the three ids as Jens Axboe applied
    /// them]. The wake of up to wake_batch over several queues (`woken == nr`) is David Jeffery's
    /// "sbitmap: fix batching wakeup" (21 July 2023 [V]; release R, 6.5 or 6.6)
    /// and in a 6.x lib/sbitmap.c [V]. The model's 6.9 and 6.10.
    /// </summary>
    public static bool SbitmapCountsWakeupsPerBitmap(this KernelEra era) => era.AtLeast(KernelEra.V6_9);
}
