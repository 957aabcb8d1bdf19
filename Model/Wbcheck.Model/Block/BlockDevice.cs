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

    /// <summary>Set what the disk holds: for scenario set-up, and where a filesystem frees a block (0: a hole, read as zeros).</summary>
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
    /// Whether <paramref name="bio"/>'s request comes from the list write congestion is not
    /// counted on: a read always; from 2.6.30 a REQ_SYNC write too (rw_is_sync).
    /// </summary>
    [Models("include/linux/blkdev.h", "rw_is_sync", "2.6.30")]
    private bool OnSyncList(Bio bio) =>
        bio.Op != BioOp.Write || (bio.Sync && kernel.Era.RequestListsAreSyncAsync());

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
    /// congested. On blk-mq the tag is the bio's place in <see cref="InFlight"/>, and nothing
    /// marks the disk congested (<see cref="RequestQueueEras.RequestQueueSetsCongested"/>): the
    /// count is kept for the sync/async split and for congestion_wait's sleep.
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
        // congestion state to set (ListEraThrottleEras.HasQueueCongestion); blk-mq's tags set none.
        if (!kernel.BackingDev.QueueReportsCongestion())
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
    /// over it leaves both as they were. blk-mq's freed tag (5.0 on) does neither
    /// (<see cref="RequestQueueEras.RequestQueueSetsCongested"/>). From 2.6.20 a free that leaves the list below
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
                kernel.BackingDev.WriteFreedWithoutWakeUp();
            }
        }
        else
        {
            left = --WriteRequests;
            if (kernel.BackingDev.QueueReportsCongestion())
            {
                if (left < kernel.Config.Machine.CongestionOffThreshold)
                {
                    kernel.BackingDev.ClearBdiCongested();
                }
            }
            else if (era.HasQueueCongestion())
            {
                // blk-mq (5.0 on): the tag's free clears no bit and wakes no congestion_wait.
                kernel.BackingDev.WriteFreedWithoutWakeUp();
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
