using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// balance_dirty_pages of the 2.6.29 era (2.6.24's per-device throttle). The task goes on
    /// once its disk's dirty and writeback pages are within the disk's share of the threshold
    /// (lowered for a heavy dirtier), or while the machine's dirty and writeback pages are under
    /// the midpoint of the background and dirty thresholds: background writeback can still
    /// catch up there, and throttling would only make small writes while the disk's share
    /// ramps up. Otherwise it marks the disk dirty_exceeded and, if the disk has any dirty pages,
    /// writes back a chunk of them itself; then it looks again (summing the
    /// per-CPU counters exactly when the share is small) and goes on under the share or after a
    /// whole chunk, else waits for the queue (congestion_wait) and loops. On the way out it
    /// clears dirty_exceeded under the share, and unless pdflush is at the disk starts
    /// background writeout: in laptop mode if it wrote, else over the background threshold.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask BalanceDirtyPagesV2629(AddressSpace mapping, long writeChunk)
    {
        var task = Current;
        long pagesWritten = 0;
        long bdiNrReclaimable, bdiNrWriteback;
        ulong bdiThresh;
        GlobalDirtyThresholds global;
        while (true)
        {
            var wbc = new WritebackControl
            {
                SyncMode = WritebackSyncMode.None,
                NrToWrite = writeChunk,
                RangeCyclic = true,
            };
            (global, bdiThresh) = GetDirtyLimitsBdi(task);
            var nrReclaimable = NrReclaimable();
            var nrWriteback = Vmstat.NrWriteback;

            // One disk: its BDI_RECLAIMABLE and BDI_WRITEBACK are the machine's counts.
            bdiNrReclaimable = nrReclaimable;
            bdiNrWriteback = nrWriteback;
            if ((ulong)(bdiNrReclaimable + bdiNrWriteback) <= bdiThresh)
            {
                break;
            }

            if ((ulong)(nrReclaimable + nrWriteback) < CatchUpCeiling(global))
            {
                break;
            }

            if (!DirtyExceeded)
            {
                DirtyExceeded = true;
            }

            // Any dirty page of the disk makes the task write a chunk itself, even when most of the
            // disk's share is pages already under writeback: "only if this bdi is over its
            // threshold" (bdi_nr_reclaimable > bdi_thresh) came with d7831a0bdf06 in 2.6.31.
            if (bdiNrReclaimable != 0)
            {
                await kernel.FsWriteback.WritebackInodes(wbc);
                pagesWritten += writeChunk - wbc.NrToWrite;
                (global, bdiThresh) = GetDirtyLimitsBdi(task);
            }

            // The disk's counts are read again after the chunk (the loop's global nr_reclaimable
            // is not): bdi_thresh < 2 * bdi_stat_error: bdi_stat_sum, else bdi_stat if any was
            // reclaimable. The model's counters are exact, so both read the same.
            if ((long)bdiThresh < 2 * BdiStatError() || bdiNrReclaimable != 0)
            {
                bdiNrReclaimable = NrReclaimable();
                bdiNrWriteback = Vmstat.NrWriteback;
            }

            if ((ulong)(bdiNrReclaimable + bdiNrWriteback) <= bdiThresh)
            {
                break;
            }

            if (pagesWritten >= writeChunk)
            {
                break; // the task has done its duty
            }

            await kernel.BackingDev.CongestionWait(Timers.Hz / 10);
        }

        if ((ulong)(bdiNrReclaimable + bdiNrWriteback) < bdiThresh && DirtyExceeded)
        {
            DirtyExceeded = false;
        }

        if (kernel.BackingDev.WritebackInProgress())
        {
            return; // pdflush is already working this queue
        }

        // A fresh global_page_state(NR_FILE_DIRTY) + NR_UNSTABLE_NFS, as 2.6.24's per-device
        // patch made it; 2.6.36 compares the loop's last nr_reclaimable instead.
        var laptopMode = Sysctls.LaptopMode != 0;
        if ((laptopMode && pagesWritten != 0) || (!laptopMode && (ulong)NrReclaimable() > global.Background))
        {
            BdiStartBackgroundWriteback();
        }
    }

    /// <summary>
    /// The midpoint of the background and dirty thresholds, under which background writeback can
    /// still catch up and the task is not throttled (2.6.24 to 2.6.36; dirty_freerun_ceiling from 3.2).
    /// </summary>
    private ulong CatchUpCeiling(GlobalDirtyThresholds global) =>
        Faults.CatchUpTestNotHalved ? global.Background + global.Dirty : (global.Background + global.Dirty) / 2;
}
