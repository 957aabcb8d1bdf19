using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Block;

/// <summary>
/// The legacy request path's allocation rule (2.6.20 to 4.20): the list's full flag and the
/// io_context batching that lets a task past it. docs/eras.md, the section of branch queue23.
/// </summary>
public sealed partial class BlockDevice
{
    /// <summary>BLK_BATCH_REQ, q-&gt;nr_batching: the requests a batch may take.</summary>
    public const int BlkBatchReq = 32;

    /// <summary>BLK_BATCH_TIME, HZ/50: how long a batch lasts.</summary>
    public const long BlkBatchTime = Time.Timers.Hz / 50;

    // The tasks' io_contexts, made at their first request (current_io_context).
    private readonly Dictionary<ModelThread, IoContext> ioContexts = [];

    // blk_queue_full(q, rw): QUEUE_FLAG_WRITEFULL / READFULL, from 3.x rl->flags' BLK_RL_ASYNCFULL /
    // BLK_RL_SYNCFULL. Set by the allocation that fills the list, cleared by a free that leaves it
    // below nr_requests.
    private bool writeFull;
    private bool syncFull;

    /// <summary>The current task's io_context, made if it has none.</summary>
    [Models("block/ll_rw_blk.c", "current_io_context", "2.6.20")]
    public IoContext CurrentIoContext()
    {
        var current = kernel.Runtime.Current;
        if (!ioContexts.TryGetValue(current, out var ioc))
        {
            ioc = new IoContext();
            ioContexts[current] = ioc;
        }

        return ioc;
    }

    /// <summary>
    /// Whether <paramref name="ioc"/> is a batcher: its batch is fresh (a task just woken may
    /// always take one request, or a wake-up could be lost, the kernel's comment says), or it has
    /// requests left and BLK_BATCH_TIME has not passed.
    /// </summary>
    [Models("block/ll_rw_blk.c", "ioc_batching", "2.6.20")]
    [Models("block/blk-core.c", "ioc_batching", "4.19")]
    public bool IocBatching(IoContext ioc) =>
        !kernel.Faults.RequestAllocationIgnoresBatching
        && (ioc.NrBatchRequests == BlkBatchReq
            || (ioc.NrBatchRequests > 0 && Time.Timers.TimeBefore(kernel.Timers.Jiffies, ioc.LastWaited + BlkBatchTime)));

    /// <summary>Start a batch for <paramref name="ioc"/> unless it is in one.</summary>
    [Models("block/ll_rw_blk.c", "ioc_set_batching", "2.6.20")]
    [Models("block/blk-core.c", "ioc_set_batching", "4.19")]
    public void IocSetBatching(IoContext ioc)
    {
        if (IocBatching(ioc))
        {
            return;
        }

        ioc.NrBatchRequests = BlkBatchReq;
        ioc.LastWaited = kernel.Timers.Jiffies;
    }

    /// <summary>
    /// The head of get_request for a request of the sync (or READ) list or the async (WRITE)
    /// one: may the current task have one? An allocation that would fill the list marks it full
    /// and makes its task a batcher; once it is full only a batcher may go on; nobody past
    /// 3 * nr_requests / 2. An allowed batcher's batch has one request less: before 3.x only
    /// where the list is about to fill, the one place 2.6's get_request looks its io_context up
    /// (<see cref="RequestQueueEras.RequestAllocationTakesIocUpfront"/>). The count itself goes
    /// up in <see cref="GetRequest"/>, in the same step.
    /// </summary>
    [Models("block/ll_rw_blk.c", "get_request (current_io_context under count + 1 >= nr_requests, blk_queue_full, ioc_batching, 3 * q->nr_requests / 2)", "2.6.20")]
    [Models("block/blk-core.c", "__get_request (blk_rl_full, ioc_batching, 3 * q->nr_requests / 2)", "4.19")]
    private bool GetRequestMayAllocate(bool sync)
    {
        var nrRequests = kernel.Config.Machine.NrRequests;
        var count = sync ? SyncRequests : WriteRequests;
        // Before 3.x the io_context is looked up only where the list is about to fill: a batcher's
        // allocation below that mark leaves its batch whole (ioc_batching of no io_context is false).
        var ioc = kernel.Era.RequestAllocationTakesIocUpfront() ? CurrentIoContext() : null;
        if (count + 1 >= nrRequests)
        {
            ioc ??= CurrentIoContext();
            if (!ListFull(sync))
            {
                IocSetBatching(ioc);
                SetListFull(sync, true);
            }
            else if (!IocBatching(ioc))
            {
                return false;
            }
        }

        // Only batchers go past nr_requests, and not by more than half of it.
        if (count >= (kernel.Faults.RequestAllocationIgnoresBatching ? nrRequests : 3 * nrRequests / 2))
        {
            return false;
        }

        if (ioc is not null && IocBatching(ioc))
        {
            ioc.NrBatchRequests--;
        }

        return true;
    }

    private bool ListFull(bool sync)
    {
        AccessLog.Read(DeviceId(sync ? Field.SyncFull : Field.WriteFull));
        return sync ? syncFull : writeFull;
    }

    private void SetListFull(bool sync, bool full)
    {
        AccessLog.Write(DeviceId(sync ? Field.SyncFull : Field.WriteFull));
        if (sync)
        {
            syncFull = full;
        }
        else
        {
            writeFull = full;
        }
    }
}
