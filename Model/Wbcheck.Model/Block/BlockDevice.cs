using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Lib;
using Wbcheck.Model.Locking;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Block;

/// <summary>
/// The disk. A submitted bio completes later, in its own completion context (a model thread, so
/// completions of different bios run in any order the runtime picks), with success or, when
/// errors are enabled, with an error the runtime chooses. It records which data version of each
/// page of each file is on stable storage.
/// </summary>
public sealed partial class BlockDevice
{
    /// <summary>SECTOR_SIZE: bio sectors are 512 bytes whatever the filesystem's block size.</summary>
    public const int SectorSize = 512;

    private readonly Kernel kernel;
    private readonly Dictionary<(int Ino, long Index), long> stable = [];
    private readonly Dictionary<(int Ino, long Index), long> lost = [];
    private readonly Dictionary<long, DeviceSector> sectors = [];
    private int nextBioId;
    private IReadOnlyList<int> possibleErrors = [];
    private int inFlight;
    private int writeRequests;
    private int syncRequests;
    private int syncWriteRequests;
    private int failedWrites;

    // rl->wait[]: the submitters sleeping for a free request of each list, named as the era's
    // kernel named them. Exclusive: the list era's entries stay queued across their wake-ups
    // (add_wait_queue_exclusive), the legacy path's (2.6.20 to 4.20) are taken off by theirs.
    private readonly ExclusiveWaitQueue requestList;
    private readonly ExclusiveWaitQueue syncRequestList;

    // blk-mq (5.0 on): the hardware queue's tag bitmap, its SBQ_WAIT_QUEUES wait queues, and
    // hctx->wait_index, which picks the wait queue of the hctx's next sleeper (the model's disk
    // has one hardware queue).
    private readonly SbitmapQueue? bitmapTags;
    private int hctxWaitIndex;

    public BlockDevice(Kernel kernel)
    {
        this.kernel = kernel;
        var era = kernel.Era;
        var holder = era.RequestFreeWakesAtBatch() ? "the disk, once its completions free a batch of requests" : "the disk, at its next completion of a request of this list";
        var (name, syncName) = era.RequestListsAreSyncAsync()
            ? ("rl->wait[BLK_RW_ASYNC]", "rl->wait[BLK_RW_SYNC]")
            : ("rl->wait[WRITE]", "rl->wait[READ]");
        requestList = new ExclusiveWaitQueue(name, holder, era.WakeUpCountsTaskNotYetAsleep());
        syncRequestList = new ExclusiveWaitQueue(syncName, holder, era.WakeUpCountsTaskNotYetAsleep());
        if (era.RequestsAreBlkMqTags())
        {
            bitmapTags = new SbitmapQueue(
                "bitmap_tags",
                "the disk, at its completions (freed tags)",
                kernel.Config.Machine.NrRequests,
                era.SbitmapCountsWakeupsPerBitmap(),
                DeviceId(Field.BitmapTags));
        }
    }

    /// <summary>Errors a completion may return, chosen by the runtime; empty: every I/O succeeds.</summary>
    public IReadOnlyList<int> PossibleErrors
    {
        get
        {
            AccessLog.Read(DeviceId(Field.PossibleErrors));
            return possibleErrors;
        }

        set
        {
            AccessLog.Write(DeviceId(Field.PossibleErrors));
            possibleErrors = value;
        }
    }

    /// <summary>Bios submitted and not yet completed.</summary>
    public int InFlight
    {
        get
        {
            AccessLog.Read(DeviceId(Field.InFlight));
            return inFlight;
        }

        private set
        {
            AccessLog.Write(DeviceId(Field.InFlight));
            inFlight = value;
        }
    }

    /// <summary>
    /// rl-&gt;count[WRITE] (rl-&gt;count[BLK_RW_ASYNC] from 2.6.30): the write requests the queue
    /// has allocated and not yet freed, a bio each (the model merges no bios into one request);
    /// from 2.6.30 the async ones only, a REQ_SYNC write taking from the sync list
    /// (<see cref="SyncRequests"/>). What the congestion thresholds
    /// (<see cref="Mm.Throttle.Machine.CongestionOnThreshold"/>) are compared with; requests of the
    /// other list neither congest the writes nor end a congestion_wait.
    /// </summary>
    [Models("include/linux/blkdev.h", "struct request_list (count[WRITE])", "2.6.20")]
    [Models("include/linux/blkdev.h", "struct request_list (count[BLK_RW_ASYNC])", "2.6.30")]
    public int WriteRequests
    {
        get
        {
            AccessLog.Read(DeviceId(Field.WriteRequests));
            return writeRequests;
        }

        private set
        {
            AccessLog.Write(DeviceId(Field.WriteRequests));
            writeRequests = value;
        }
    }

    /// <summary>
    /// The queue's other list: rl-&gt;count[READ] before 2.6.30, rl-&gt;count[BLK_RW_SYNC] from
    /// it (reads and REQ_SYNC writes). Bounded by nr_requests as the write list is; its congested
    /// bit (bdi_read_congested, the sync bit) is read by nothing the model has, so not kept.
    /// Not counted in the list era, whose reads the model never bounded.
    /// </summary>
    [Models("include/linux/blkdev.h", "struct request_list (count[READ])", "2.6.20")]
    [Models("include/linux/blkdev.h", "struct request_list (count[BLK_RW_SYNC])", "2.6.30")]
    public int SyncRequests
    {
        get
        {
            AccessLog.Read(DeviceId(Field.SyncRequests));
            return syncRequests;
        }

        private set
        {
            AccessLog.Write(DeviceId(Field.SyncRequests));
            syncRequests = value;
        }
    }

    /// <summary>
    /// The REQ_SYNC writes among <see cref="SyncRequests"/> (from 2.6.30; 0 before): what a
    /// congestion_wait that no free can end early outlasts (<see cref="Mm.BackingDevInfo.CongestionWait"/>).
    /// </summary>
    public int SyncWriteRequests
    {
        get
        {
            AccessLog.Read(DeviceId(Field.SyncWriteRequests));
            return syncWriteRequests;
        }

        private set
        {
            AccessLog.Write(DeviceId(Field.SyncWriteRequests));
            syncWriteRequests = value;
        }
    }

    public int SubmittedCount
    {
        get
        {
            AccessLog.Read(DeviceId(Field.NextBioId));
            return nextBioId;
        }
    }

    /// <summary>Bios that completed with an error.</summary>
    public int FailedWrites
    {
        get
        {
            AccessLog.Read(DeviceId(Field.FailedWrites));
            return failedWrites;
        }

        private set
        {
            AccessLog.Write(DeviceId(Field.FailedWrites));
            failedWrites = value;
        }
    }

    /// <summary>The data version of page <paramref name="index"/> of <paramref name="inode"/> on stable storage; 0 if never written.</summary>
    public long StableVersion(Inode inode, long index)
    {
        AccessLog.Read(BlockId(inode.Ino, index, Field.Stable));
        return stable.GetValueOrDefault((inode.Ino, index));
    }

    /// <summary>
    /// The newest data version of the page that a failed write lost (0 if none): that loss is
    /// reported through the writeback error channels, not owed by a later sync.
    /// </summary>
    public long LostVersion(Inode inode, long index)
    {
        AccessLog.Read(BlockId(inode.Ino, index, Field.Lost));
        return lost.GetValueOrDefault((inode.Ino, index));
    }

    /// <summary>
    /// What completed writes that named their sector (<see cref="Bio.Sector"/>) left on the
    /// device, by sector number. Writes without a sector are recorded per page only.
    /// </summary>
    public IReadOnlyDictionary<long, DeviceSector> Sectors
    {
        get
        {
            AccessLog.Read(DeviceId(Field.Sectors));
            return sectors;
        }
    }

    /// <summary>Set what the disk holds, for scenario set-up.</summary>
    public void SetStableVersion(Inode inode, long index, long version)
    {
        AccessLog.Write(BlockId(inode.Ino, index, Field.Stable));
        stable[(inode.Ino, index)] = version;
    }

    [Models("block/blk-core.c", "submit_bio", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask SubmitBio(Bio bio)
    {
        var runtime = kernel.Runtime;
        AccessLog.Write(DeviceId(Field.NextBioId));
        bio.Id = ++nextBioId;
        await runtime.Schedule(PointKind.SubmitIo, new StepLabel("submit_bio", bio.Id));
        await GetRequestWait(bio);

        // Taken with the request, under the queue lock: no scheduling point from the wait's last
        // look at the free requests to here.
        bio.CaptureVersions();
        bio.Submitted = true;
        InFlight++;
        GetRequest(bio);
        // The completion's first scheduling point is the interrupt itself.
        var completion = runtime.Spawn($"bio {bio.Id} endio", async () => await Complete(bio), PointKind.CompleteIo, new StepLabel("bio_endio", bio.Id));
        for (var i = 0; i < bio.Vecs.Count; i++)
        {
            // From here the completion, not the submitter, ends this page's writeback.
            var queue = bio.Vecs[i].Page.WritebackQueue;
            queue.Holder = completion;
            queue.HolderNote = null;
        }

        foreach (var observer in kernel.Observers)
        {
            observer.BioSubmitted(bio);
        }
    }

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
    /// Whether <paramref name="bio"/>'s request comes from the list write congestion is not
    /// counted on: a read always; from 2.6.30 a REQ_SYNC write too (rw_is_sync).
    /// </summary>
    [Models("include/linux/blkdev.h", "rw_is_sync", "2.6.30")]
    private bool OnSyncList(Bio bio) =>
        bio.Op != BioOp.Write || (bio.Sync && kernel.Era.RequestListsAreSyncAsync());

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

    [Models("block/bio.c", "bio_endio", "6.9")]
    [Models("block/ll_rw_blk.c", "end_that_request_last", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask Complete(Bio bio)
    {
        var runtime = kernel.Runtime;
        var errors = PossibleErrors;
        var status = errors.Count == 0 ? 0 : runtime.Choose(ChoiceKind.IoResult, errors.Count + 1) switch
        {
            0 => 0,
            var pick => errors[pick - 1],
        };
        if (status == 0 && bio.Op == BioOp.Write)
        {
            RecordWrite(bio);
        }
        else if (status == 0)
        {
            // A read brings the page what the disk holds.
            for (var i = 0; i < bio.Vecs.Count; i++)
            {
                var page = bio.Vecs[i].Page;
                page.Version = StableVersion(bio.Inode, page.Index);
            }
        }
        else if (bio.Op == BioOp.Write)
        {
            for (var i = 0; i < bio.Vecs.Count; i++)
            {
                var vec = bio.Vecs[i];
                var key = (bio.Inode.Ino, vec.Page.Index);
                AccessLog.Write(BlockId(key.Ino, key.Index, Field.Lost));
                lost[key] = Math.Max(lost.GetValueOrDefault(key), vec.Version);
            }
        }

        bio.Status = status;
        FailedWrites += status != 0 ? 1 : 0;
        bio.Completed = true;
        InFlight--;
        foreach (var observer in kernel.Observers)
        {
            observer.BioCompleted(bio);
        }

        // bi_end_io runs in interrupt context: it must not sleep.
        runtime.EnterAtomic("interrupt context");
        kernel.Filemap.DeferWakeUps = true;
        Mm.Filemap.PendingWake[]? owed;
        try
        {
            bio.EndIo(bio, status);

            // The request is freed (end_that_request_last, after the bio's end_io).
            FreedRequest(bio);
            if (kernel.Era.RequestFreeWakesAtBatch())
            {
                BlkPutRequest();
            }

            // Laptop mode: the disk is spinning now, so push the full flush a quiet spell further.
            if (kernel.Throttle.Sysctls.LaptopMode != 0)
            {
                kernel.Throttle.LaptopIoCompletion();
            }

            owed = kernel.Filemap.TakeWakeUps();
        }
        finally
        {
            kernel.Filemap.DeferWakeUps = false;
            runtime.ExitAtomic();
        }

        // Another CPU may run between PG_writeback clearing and the wake-up (truncate may find
        // the page idle, remove and free it): the wake-ups end_page_writeback owes, where the
        // era's wake-up touches the page, are a step of their own. Still interrupt context.
        if (owed is not null)
        {
            await runtime.Schedule(PointKind.CompleteIo, new StepLabel(kernel.Names.WakeUpPage, owed[0].Page.Index));
            runtime.EnterAtomic("interrupt context");
            try
            {
                kernel.Filemap.WakeUpPages(owed);
            }
            finally
            {
                runtime.ExitAtomic();
            }
        }
    }

    /// <summary>
    /// get_request's accounting for <paramref name="bio"/>'s request, which
    /// <see cref="GetRequestWait"/> has made sure is free: the list's count goes up, and a write
    /// request that brings the write (async) list to its congestion-on threshold marks the disk
    /// congested. On blk-mq the tag is the bio's place in <see cref="InFlight"/>; the congested bit
    /// is counted as on the legacy path all the same (docs/abstractions.md, "5.0's queue
    /// congestion").
    /// </summary>
    [Models("block/ll_rw_blk.c", "get_request (queue_congestion_on_threshold: blk_set_queue_congested)", "2.6.20")]
    [Models("block/blk-core.c", "__get_request (queue_congestion_on_threshold: blk_set_congested)", "4.19")]
    private void GetRequest(Bio bio)
    {
        if (OnSyncList(bio))
        {
            if (!kernel.Era.RequestFreeWakesAtBatch())
            {
                SyncRequests++;
                SyncWriteRequests += bio.Op == BioOp.Write ? 1 : 0;
            }

            return;
        }

        WriteRequests++;

        // 2.5.31's queue counts its free requests (get_request_wait sleeps on none) and has no
        // congestion state to set (ListEraThrottleEras.HasQueueCongestion).
        if (!kernel.Era.HasQueueCongestion())
        {
            return;
        }

        if (writeRequests >= kernel.Config.Machine.CongestionOnThreshold)
        {
            kernel.BackingDev.SetBdiCongested();
        }
    }

    /// <summary>
    /// freed_request / __freed_request for <paramref name="bio"/>'s request: a write (async)
    /// request freed below the queue's congestion-off threshold clears the disk's congestion and
    /// wakes those in congestion_wait (every such free, congested before or not); one freed at or
    /// over it leaves both as they were. From 2.6.20 a free that leaves the list below
    /// nr_requests wakes the first submitter sleeping for one of its requests and clears the
    /// list's full mark (a free that leaves batchers' requests at or over nr_requests does
    /// neither); on blk-mq the freed tag wakes by the tag bitmap's counting (<see cref="BlkMqPutTag"/>).
    /// </summary>
    [Models("block/ll_rw_blk.c", "freed_request (queue_congestion_off_threshold: blk_clear_queue_congested)", "2.6.20")]
    [Models("block/ll_rw_blk.c", "__freed_request (rl->count[rw] + 1 <= q->nr_requests: wake_up(&rl->wait[rw]))", "2.6.20")]
    [Models("block/blk-core.c", "__freed_request (queue_congestion_off_threshold: blk_clear_congested)", "4.19")]
    [Models("lib/sbitmap.c", "sbitmap_queue_clear (the tag's wake-up)", "5.0")]
    private void FreedRequest(Bio bio)
    {
        var era = kernel.Era;
        var sync = OnSyncList(bio);
        if (sync && era.RequestFreeWakesAtBatch())
        {
            return;
        }

        int left;
        if (sync)
        {
            left = --SyncRequests;
            if (bio.Op == BioOp.Write)
            {
                SyncWriteRequests--;
                kernel.BackingDev.SyncWriteCompleted();
            }
        }
        else
        {
            left = --WriteRequests;
            if (era.HasQueueCongestion() && left < kernel.Config.Machine.CongestionOffThreshold)
            {
                kernel.BackingDev.ClearBdiCongested();
            }
        }

        if (era.RequestFreeWakesAtBatch())
        {
            return;
        }

        if (era.RequestsAreBlkMqTags())
        {
            BlkMqPutTag();
            return;
        }

        // wake_up wakes one exclusive sleeper, first in line; the list is no longer full.
        if (left + 1 <= kernel.Config.Machine.NrRequests)
        {
            if (!kernel.Faults.FreedRequestWakesNobody)
            {
                (sync ? syncRequestList : requestList).WakeUp(kernel.Runtime, kernel.Faults.RequestWaitWakesAll ? int.MaxValue : 1);
            }

            // blk_clear_queue_full; left alone when not set, so that the search sees no write.
            if (ListFull(sync))
            {
                SetListFull(sync, false);
            }
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

    private void RecordWrite(Bio bio)
    {
        var sector = bio.Sector;
        for (var i = 0; i < bio.Vecs.Count; i++)
        {
            var vec = bio.Vecs[i];
            AccessLog.Write(BlockId(bio.Inode.Ino, vec.Page.Index, Field.Stable));
            stable[(bio.Inode.Ino, vec.Page.Index)] = vec.Version;
            if (sector < 0)
            {
                continue;
            }

            Diagnostics.Bug.On(vec.Length % SectorSize != 0 || vec.Offset % SectorSize != 0, "submit_bio", $"{bio} has a segment not aligned to sectors");
            for (var offset = vec.Offset; offset < vec.Offset + vec.Length; offset += SectorSize)
            {
                var zeroFrom = Math.Clamp(vec.ZeroFrom - offset, 0, SectorSize);
                AccessLog.Write(DeviceId(Field.Sectors));
                sectors[sector++] = new DeviceSector(bio.Inode.Ino, vec.Page.Index, offset, vec.Version, zeroFrom);
            }
        }
    }

    private static ulong DeviceId(Field field) => AccessIds.Of(AccessIds.Kind.Subsystem, 4, (int)field);

    private static ulong BlockId(int ino, long index, Field field) =>
        AccessIds.Of(AccessIds.Kind.DeviceBlock, AccessIds.InodeIndex(ino, index), (int)field);

    /// <summary>The device's state, as AccessIds numbers it: each page's stable and lost versions, and the device-wide fields.</summary>
    private enum Field
    {
        Stable,
        Lost,
        PossibleErrors,
        InFlight,
        NextBioId,
        FailedWrites,
        Sectors,
        WriteRequests,
        SyncRequests,
        SyncWriteRequests,
        WriteFull,
        SyncFull,
        BitmapTags,
        HctxWaitIndex,
    }
}
