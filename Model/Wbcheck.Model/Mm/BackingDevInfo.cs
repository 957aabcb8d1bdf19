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

    private readonly WaitQueue congestionWqh = new("congestion_wqh[WRITE]") { HolderNote = "the disk, at its next write completion" };

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

    /// <summary>Writes in flight have filled the queue to its congestion threshold.</summary>
    [Models("include/linux/backing-dev.h", "bdi_write_congested", "2.6.20")]
    public bool WriteCongested => kernel.Device.InFlight >= kernel.Config.Machine.CongestionThreshold;

    /// <summary>
    /// Wait for a write to complete, or for <paramref name="timeout"/> jiffies. While writes are
    /// in flight the next completion ends the wait (it is always coming: the disk never loses a
    /// bio), and the model lets it take no time. With none in flight nothing can end the wait
    /// early, so the whole timeout passes: that is the only way a throttled task moves the
    /// clock, and it runs any timer that falls due meanwhile.
    /// </summary>
    [Models("mm/backing-dev.c", "congestion_wait", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask CongestionWait(long timeout)
    {
        var label = new StepLabel("congestion_wait", timeout);
        if (kernel.Device.InFlight > 0)
        {
            await kernel.Runtime.Sleep(congestionWqh, label);
            return;
        }

        kernel.Timers.Advance(timeout);
        await kernel.Runtime.Schedule(PointKind.Wait, label);
    }

    /// <summary>
    /// A write completed and the queue has room: wake everyone in congestion_wait. The kernel
    /// calls this as each request is freed below the queue's congestion-off threshold; the
    /// model's queue is below it after every completion, so every completion wakes the waiters,
    /// and they look at their own condition again.
    /// </summary>
    [Models("mm/backing-dev.c", "clear_bdi_congested", "2.6.20")]
    public void ClearBdiCongested() => kernel.Runtime.WakeAll(congestionWqh);

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
    }
}
