using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// struct backing_dev_info of the model's one disk: whether its queue is congested, whether a
/// pdflush thread is writing it back, and the wait for the queue to drain (congestion_wait).
/// </summary>
[Models("include/linux/backing-dev.h", "struct backing_dev_info", "2.6.20")]
public sealed partial class BackingDevInfo(Kernel kernel)
{
    private bool stableWritesField;
    private bool pdflushWritingField;
    private bool strictlimitField;
    private int maxRatioField = 100;
    private bool writeCongestedField;

    private readonly WaitQueue congestionWqh = new("congestion_wqh[WRITE]") { HolderNote = "the disk, at its next write completion" };

    // congestion_wait(BLK_RW_ASYNC) with only sync writes in flight, or with any writes on a queue
    // that reports no congestion (blk-mq, 5.0 on): nothing wakes it early, so it sleeps its whole
    // timeout. The model's sleep ends at the next such write's completion
    // (WriteFreedWithoutWakeUp), and then the timeout passes: an under-approximation kept for the
    // search's cost (the kernel's task may run again before that completion; docs/abstractions.md).
    private readonly WaitQueue congestionTimeoutWqh = new("congestion_wqh[BLK_RW_ASYNC] (its timeout)") { HolderNote = "the disk, at its next write completion that wakes nobody" };

    /// <summary>
    /// The device needs a page's data to stay unchanged while it is written (it checksums the
    /// data in flight: DIF/DIX, some RAID): BDI_CAP_STABLE_WRITES from 3.9, the queue's
    /// QUEUE_FLAG_STABLE_WRITES and SB_I_STABLE_WRITES from 5.10. Not refused before 3.9 (docs/eras.md
    /// section 17): it is the device's need, not a setting of the kernel; such devices (DIF/DIX
    /// integrity from 2.6.27, iSCSI data digests) ran under kernels that had no way to be told of
    /// it and did not honour it, which is the race the "stable pages" property finds there.
    /// </summary>
    public bool StableWrites
    {
        get
        {
            AccessLog.Read(AccessId(Field.StableWrites));
            return stableWritesField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.StableWrites));
            stableWritesField = value;
        }
    }

    /// <summary>
    /// BDI_CAP_STRICTLIMIT (3.12, 5a53748568f7 "mm/page-writeback.c: add strictlimit feature",
    /// Maxim Patlasov; set by FUSE): the I/O-less throttle holds the disk's dirtiers to the
    /// disk's own share of the thresholds, even while the machine as a whole is under its
    /// freerun ceiling. The model's 2.6 eras throttle as 2.6.20 did and have no such capability:
    /// setting it there is refused.
    /// </summary>
    [Models("include/linux/backing-dev.h", "BDI_CAP_STRICTLIMIT", "3.18")]
    [Models("include/linux/backing-dev.h", "BDI_CAP_STRICTLIMIT", "4.19")]
    [Models("include/linux/backing-dev.h", "BDI_CAP_STRICTLIMIT", "6.9")]
    public bool Strictlimit
    {
        get
        {
            AccessLog.Read(AccessId(Field.Strictlimit));
            return strictlimitField;
        }

        set
        {
            if (value)
            {
                EraSettings.Strictlimit.Require(kernel.Era);
            }
            AccessLog.Write(AccessId(Field.Strictlimit));
            strictlimitField = value;
        }
    }

    /// <summary>
    /// bdi-&gt;max_ratio, percent (bdi_set_max_ratio; FUSE sets 1): the most of the dirty
    /// threshold the I/O-less throttle gives this disk. Settable in the eras whose running
    /// throttle reads it (3.19 on in the model).
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_set_max_ratio", "3.18")]
    [Models("mm/page-writeback.c", "bdi_set_max_ratio", "4.19")]
    public int MaxRatio
    {
        get
        {
            AccessLog.Read(AccessId(Field.MaxRatio));
            return maxRatioField;
        }

        set
        {
            RefuseBeforeIoLess(nameof(MaxRatio), "the model's running throttle reads bdi->max_ratio from 3.19");
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            AccessLog.Write(AccessId(Field.MaxRatio));
            maxRatioField = value;
        }
    }

    /// <summary>BDI_pdflush: a pdflush thread is writing this disk's inodes back.</summary>
    public bool PdflushWriting
    {
        get
        {
            AccessLog.Read(AccessId(Field.PdflushWriting));
            return pdflushWritingField;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.PdflushWriting));
            pdflushWritingField = value;
        }
    }

    /// <summary>
    /// BDI_write_congested (BDI_async_congested from 2.6.30; the wb's WB_async_congested from
    /// 4.2): the queue's write requests reached its congestion-on threshold and have not yet
    /// fallen below its off threshold (<see cref="Block.BlockDevice"/> sets and clears it). Never
    /// set from 5.0, whose blk-mq queue reports no congestion (<see cref="QueueReportsCongestion"/>):
    /// the readers' code stays, and reads it clear.
    /// </summary>
    [Models("include/linux/backing-dev.h", "bdi_write_congested", "2.6.20")]
    [Models("include/linux/backing-dev.h", "inode_write_congested", "4.19")]
    public bool WriteCongested
    {
        get
        {
            RefuseWithoutQueueCongestion("bdi_write_congested");
            AccessLog.Read(AccessId(Field.WriteCongested));
            return writeCongestedField;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.WriteCongested));
            writeCongestedField = value;
        }
    }

    /// <summary>
    /// Wait for a write to complete, or for <paramref name="timeout"/> jiffies. While writes (from
    /// 2.6.30 async writes: congestion_wait(BLK_RW_ASYNC)) are in flight on a queue that reports
    /// its congestion (to 4.20) the completion that leaves fewer than the queue's congestion-off threshold ends
    /// the wait (<see cref="ClearBdiCongested"/>; with the default queue of 128 that is the next
    /// one, and one always comes: the disk never loses a bio, and the last leaves none), and the
    /// model lets it take no time. With only sync writes in flight (from 2.6.30), or with any
    /// writes on 5.0's blk-mq queue, which clears no bit and wakes nobody, nothing ends it
    /// early, and the kernel's sleep lasts its whole timeout: the model sleeps until one of them
    /// completes, then the timeout passes, which leaves out the kernel's runs in which the task
    /// wakes first (an under-approximation kept for the search's cost: docs/abstractions.md). With no write in flight nothing can end the
    /// wait early (a read's completion wakes the readers' queue, not this one), so the whole timeout passes:
    /// that is the only way a throttled task moves the clock, and it runs any timer that falls
    /// due meanwhile.
    /// </summary>
    [Models("mm/backing-dev.c", "congestion_wait", "2.6.20")]
    [Models("mm/backing-dev.c", "congestion_wait (io_schedule_timeout; only clear_wb_congested wakes congestion_wqh)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask CongestionWait(long timeout)
    {
        RefuseWithoutQueueCongestion("congestion_wait");
        var label = new StepLabel("congestion_wait", timeout);
        var device = kernel.Device;
        var reports = QueueReportsCongestion();
        if (reports && device.WriteRequests > 0)
        {
            await kernel.Runtime.Sleep(congestionWqh, label);
            return;
        }

        // From 2.6.30 a sync write's free clears the sync bit and wakes the sync queue, not this
        // one; from 5.0 no free clears or wakes anything: the whole timeout passes, with the
        // writes completing within it.
        if (device.SyncWriteRequests > 0 || (!reports && device.WriteRequests > 0))
        {
            await kernel.Runtime.Sleep(congestionTimeoutWqh, label);
            kernel.Timers.Advance(timeout);
            return;
        }

        kernel.Timers.Advance(timeout);
        await kernel.Runtime.Schedule(PointKind.Wait, label);
    }

    /// <summary>
    /// A write's request was freed that ends no congestion_wait early: a sync write's (from
    /// 2.6.30), or any write's on a queue that reports no congestion (5.0 on). The model lets a
    /// congestion_wait that has only such writes to outlast sleep until one completes
    /// (<see cref="CongestionWait"/>).
    /// </summary>
    public void WriteFreedWithoutWakeUp() => kernel.Runtime.WakeAll(congestionTimeoutWqh);

    /// <summary>
    /// Whether the disk's request queue sets and clears the write-congested bit, and so wakes
    /// congestion_wait: the legacy request path's eras (<see cref="RequestQueueEras.RequestQueueSetsCongested"/>),
    /// or any with <see cref="Faults.BlkMqQueueSetsCongested"/>.
    /// </summary>
    internal bool QueueReportsCongestion() => kernel.Era.HasQueueCongestion()
        && (kernel.Era.RequestQueueSetsCongested() || kernel.Faults.BlkMqQueueSetsCongested);

    /// <summary>
    /// The queue's write requests reached its congestion-on threshold: set the bit (only when it
    /// changes, so that a queue already congested writes nothing more).
    /// </summary>
    [Models("mm/backing-dev.c", "set_bdi_congested", "2.6.20")]
    [Models("mm/backing-dev.c", "set_wb_congested", "4.19")]
    public void SetBdiCongested()
    {
        if (!WriteCongested)
        {
            WriteCongested = true;
        }
    }

    /// <summary>
    /// A write request was freed below the queue's congestion-off threshold: clear the bit and
    /// wake everyone in congestion_wait, who look at their own condition again. The kernel wakes
    /// them at every such free, congested before or not; a free that leaves the count at or over
    /// the off threshold wakes nobody, and a waiter sleeps on.
    /// </summary>
    [Models("mm/backing-dev.c", "clear_bdi_congested", "2.6.20")]
    [Models("mm/backing-dev.c", "clear_wb_congested", "4.19")]
    public void ClearBdiCongested()
    {
        if (WriteCongested)
        {
            WriteCongested = false;
        }

        if (!kernel.Faults.CongestionClearWakesNobody)
        {
            kernel.Runtime.WakeAll(congestionWqh);
        }
    }

    [Models("fs/fs-writeback.c", "writeback_in_progress", "2.6.20")]
    public bool WritebackInProgress() => PdflushWriting;

    /// <summary>Claim this disk for the current pdflush thread; false if another already has it.</summary>
    [Models("fs/fs-writeback.c", "writeback_acquire", "2.6.20")]
    public bool WritebackAcquire()
    {
        if (PdflushWriting)
        {
            return false;
        }

        PdflushWriting = true;
        return true;
    }

    [Models("fs/fs-writeback.c", "writeback_release", "2.6.20")]
    public void WritebackRelease() => PdflushWriting = false;

    /// <summary>
    /// The list era's block layer had no congestion state and no congestion_wait
    /// (<see cref="ListEraThrottleEras.HasQueueCongestion"/>): a path of that era that reaches for
    /// either is modelled from a later kernel, and says so rather than reading a bit 2.5.31 lacked.
    /// </summary>
    private void RefuseWithoutQueueCongestion(string what)
    {
        if (!kernel.Era.HasQueueCongestion())
        {
            throw new InvalidOperationException($"{what}: the {kernel.Era.Info().Version} era's block layer has no queue congestion state (queue-congestion came after 2.5.31)");
        }
    }

    private void RefuseBeforeIoLess(string what, string why)
    {
        if (kernel.Era.Before(KernelEra.V3_19))
        {
            throw new InvalidOperationException($"{what}: {why}; the {kernel.Era.Info().Version} era throttles as 2.6.20 did");
        }
    }

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Subsystem, 1, (int)field);

    /// <summary>The bdi's fields, as AccessIds numbers them.</summary>
    private enum Field
    {
        StableWrites,
        PdflushWriting,
        Strictlimit,
        MaxRatio,
        WriteCongested,
    }
}
