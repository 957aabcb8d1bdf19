using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Lib;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Block;

/// <summary>
/// The request queue's waits: how a submitter that finds no free request (or tag) sleeps for one,
/// era by era, and how a freed request wakes it. docs/eras.md, the sections of branches wake24
/// and wakefix24.
/// </summary>
public sealed partial class BlockDevice
{
    /// <summary>
    /// __make_request (blk_queue_bio, blk_mq_make_request) found no free request for
    /// <paramref name="bio"/>: sleep until there is one. Every bio in flight holds a request (the
    /// model merges none), so a list is full at <see cref="Mm.Throttle.Machine.NrRequests"/>.
    /// Every era's sleep is exclusive and a free wakes one sleeper (or a batch), each era in its
    /// own order:
    /// <list type="bullet">
    /// <item>List era: writes only (the model never bounded 2.5.31's reads). The task queues once
    /// and keeps its place in line across its sleeps; blk_put_request wakes the first sleeping
    /// one at each free once batch_requests are free (<see cref="GetRequestWaitListEra"/>).</item>
    /// <item>2.6.20 to 4.20, the legacy path: the bio's own list, WRITE or READ, from 2.6.30
    /// ASYNC or SYNC (<see cref="RequestQueueEras.RequestListsAreSyncAsync"/>); freed_request
    /// wakes the first sleeper in line, which queues at the back if it must sleep again, and
    /// io_context batching lets the task that filled the list, or has just slept, take up to
    /// 3 * nr_requests / 2 (<see cref="GetRequestWaitExclusive"/>, <see cref="GetRequestMayAllocate"/>).
    /// get_request_wait before 3.6, get_request's own loop after.</item>
    /// <item>blk-mq (5.0 on): one bitmap of tags for every bio, its sleepers spread over eight
    /// wait queues woken in turn (<see cref="BlkMqGetTag"/>).</item>
    /// </list>
    /// </summary>
    [Models("drivers/block/ll_rw_blk.c", "__make_request (get_request, else get_request_wait)", "2.5.31")]
    [Models("block/ll_rw_blk.c", "get_request_wait", "2.6.20")]
    [Models("block/blk-core.c", "get_request (the retry loop on rl->wait[is_sync])", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask GetRequestWait(Bio bio)
    {
        var era = kernel.Era;
        var label = new StepLabel(kernel.Names.GetRequestWait, bio.Id);
        if (era.RequestFreeWakesAtBatch())
        {
            if (bio.Op == BioOp.Write)
            {
                await GetRequestWaitListEra(bio, label);
            }

            return;
        }

        if (era.RequestsAreBlkMqTags())
        {
            await BlkMqGetTag(bio, label);
            return;
        }

        await GetRequestWaitExclusive(bio, OnSyncList(bio), label);
    }

    /// <summary>
    /// 2.5.31's wait for a free write request: queue exclusively at the back of rl-&gt;wait, for
    /// good; then, while get_request finds none, set TASK_UNINTERRUPTIBLE and sleep if rl-&gt;count
    /// is still 0, a look taken with no lock held, so a free landing after set_current_state lets
    /// the task skip its sleep (and, before 3.0, its wake-up there is not counted:
    /// <see cref="WakeUpEras.WakeUpCountsTaskNotYetAsleep"/>). A woken task that finds the request
    /// taken sleeps again from its place, still ahead of those who queued after it; a wake-up
    /// passes over it while it runs. The entry leaves the queue once the task has its request.
    /// </summary>
    [Models("drivers/block/ll_rw_blk.c", "get_request_wait (add_wait_queue_exclusive, if (!rl->count) schedule(), remove_wait_queue)", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask GetRequestWaitListEra(Bio bio, StepLabel label)
    {
        var nrRequests = kernel.Config.Machine.NrRequests;
        if (WriteRequests < nrRequests)
        {
            return;
        }

        var wait = requestList.AddWaitQueueExclusive();
        while (WriteRequests >= nrRequests)
        {
            requestList.SetCurrentStateUninterruptible(wait);
            ReportRequestWaitSlept(bio);

            // No lock is held from here to schedule(): a free on another CPU may wake the task
            // before it is off the runqueue (WakeUpEras.WakeUpCountsTaskNotYetAsleep).
            await kernel.Runtime.Schedule(PointKind.Yield, label);
            if (WriteRequests >= nrRequests)
            {
                await requestList.Schedule(kernel.Runtime, wait, label);
            }
        }

        requestList.RemoveWaitQueue(wait);
    }

    /// <summary>
    /// blk-mq's wait for a tag (5.0 on): with none free, take the wait queue the hardware
    /// queue's wait_index names (<see cref="BtWaitPtr"/>), then until a tag is free: queue
    /// exclusively at its back (sbitmap_prepare_to_wait), sleep, come off it
    /// (sbitmap_finish_wait), and take the next wait queue by wait_index, whether or not the tag
    /// is then free. The kernel's tries between (after running the hardware queue, after queueing)
    /// have no scheduling point between them and the sleep here, so they are the one look. A task
    /// that enters the slow path moves wait_index on, and each wake-up moves it again.
    /// </summary>
    [Models("block/blk-mq-tag.c", "blk_mq_get_tag (bt_wait_ptr, sbitmap_prepare_to_wait, io_schedule, sbitmap_finish_wait)", "5.0")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask BlkMqGetTag(Bio bio, StepLabel label)
    {
        var tags = bitmapTags!;
        var nrRequests = kernel.Config.Machine.NrRequests;
        if (InFlight < nrRequests)
        {
            return;
        }

        var wait = new SbqWait();
        var ws = BtWaitPtr();
        while (InFlight >= nrRequests)
        {
            var entry = tags.PrepareToWait(ws, wait);
            ReportRequestWaitSlept(bio);
            await tags.Ws(ws).Schedule(kernel.Runtime, entry, label);
            tags.FinishWait(wait);
            ws = BtWaitPtr();
        }

        tags.FinishWait(wait);
    }

    /// <summary>The tag bitmap's wait queue for the hardware queue's next sleeper; hctx-&gt;wait_index moves on.</summary>
    [Models("block/blk-mq-tag.h", "bt_wait_ptr", "5.0")]
    private int BtWaitPtr()
    {
        AccessLog.Write(DeviceId(Field.HctxWaitIndex));
        return SbitmapQueue.SbqWaitPtr(ref hctxWaitIndex);
    }

    private void ReportRequestWaitSlept(Bio bio)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.RequestWaitSlept(bio);
        }
    }

    /// <summary>
    /// The legacy path's wait (2.6.20 to 4.20): until get_request may allocate
    /// (<see cref="GetRequestMayAllocate"/>), queue exclusively at the back of the list's
    /// rl-&gt;wait and sleep; woken, the task is a batcher (ioc_set_batching), so it may take a
    /// request even while the list is marked full, and takes its place again at the back if it
    /// still finds none (someone who did not sleep took it first, or the list is at
    /// 3 * nr_requests / 2). 2.6.20's get_request_wait queues before its last look, 3.6's
    /// get_request after it, both under queue_lock, so the two orders are one. The lock is
    /// dropped before io_schedule: a free there wakes the task before it is off the runqueue,
    /// and before 3.0 that wake-up is not counted and leaves the entry queued
    /// (<see cref="WakeUpEras.WakeUpCountsTaskNotYetAsleep"/>).
    /// </summary>
    [Models("block/ll_rw_blk.c", "get_request_wait (prepare_to_wait_exclusive, io_schedule, ioc_set_batching, finish_wait)", "2.6.20")]
    [Models("block/blk-core.c", "get_request (prepare_to_wait_exclusive, io_schedule, ioc_set_batching, finish_wait)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask GetRequestWaitExclusive(Bio bio, bool sync, StepLabel label)
    {
        var rl = sync ? syncRequestList : requestList;
        while (!GetRequestMayAllocate(sync))
        {
            var wait = rl.PrepareToWaitExclusive();
            ReportRequestWaitSlept(bio);

            // queue_lock is dropped before io_schedule: a free on another CPU may wake the task
            // before it is off the runqueue (WakeUpEras.WakeUpCountsTaskNotYetAsleep).
            await kernel.Runtime.Schedule(PointKind.Yield, label);
            await rl.Schedule(kernel.Runtime, wait, label);

            // After sleeping, a batcher: at least one request, up to a batch of them for a while.
            IocSetBatching(CurrentIoContext());
            rl.FinishWait(wait);
        }
    }

    /// <summary>
    /// A completed bio gives its write request back: once batch_requests are free, each free
    /// wakes one writer sleeping in <see cref="GetRequestWaitListEra"/>, the first in line that is
    /// asleep (wake_up on an exclusive wait; one queued and not yet asleep is made runnable on the
    /// way, uncounted). Interrupt context. The list era's.
    /// </summary>
    [Models("drivers/block/ll_rw_blk.c", "blk_put_request (++rl->count >= batch_requests && waitqueue_active: wake_up)", "2.5.31")]
    private void BlkPutRequest()
    {
        var machine = kernel.Config.Machine;
        if (machine.NrRequests - WriteRequests >= machine.BatchRequests)
        {
            requestList.WakeUp(kernel.Runtime, kernel.Faults.ListEraPutRequestWakesAll ? int.MaxValue : 1);
        }
    }

    /// <summary>
    /// The freed tag's wake-up (sbitmap_queue_clear, one bit): the tag bitmap wakes the
    /// sleepers it owes, by the era's counting (<see cref="SbitmapQueue.SbitmapQueueWakeUp"/>).
    /// </summary>
    [Models("block/blk-mq-tag.c", "blk_mq_put_tag (sbitmap_queue_clear)", "5.0")]
    private void BlkMqPutTag()
    {
        if (kernel.Faults.FreedRequestWakesNobody)
        {
            return;
        }

        var tags = bitmapTags!;
        if (!kernel.Faults.TagWaitWakesAll)
        {
            tags.SbitmapQueueWakeUp(kernel.Runtime, 1);
            return;
        }

        for (var i = 0; i < SbitmapQueue.SbqWaitQueues; i++)
        {
            tags.Ws(i).WakeUp(kernel.Runtime, int.MaxValue);
        }
    }
}
