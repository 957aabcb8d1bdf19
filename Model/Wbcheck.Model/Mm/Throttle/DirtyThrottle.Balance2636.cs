using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// balance_dirty_pages of the 2.6.36 era. The global test comes first and is cheap: under
    /// the midpoint of the background and dirty thresholds the task goes on at once. At or over
    /// it, the disk's share of the threshold (bdi_dirty_limit, no clip since 2.6.32), lowered
    /// for a heavy dirtier; the disk's pages are summed exactly when the share is small against
    /// the per-CPU counters' error. dirty_exceeded is the disk at or over its share or the
    /// machine at or over the threshold (the share is a soft limit, the threshold the hard one;
    /// 2.6.37's 4cbec4c8b9 made both tests strict and the midpoint's "at or under", so that
    /// dirty_ratio 0 lets a task go on once all is clean); not exceeded, the task goes on. Exceeded, it marks the disk, writes back a chunk itself if
    /// the disk's dirty pages alone are over its share (and goes on after a whole chunk), else
    /// sleeps: 1 jiffy, doubling each time round up to HZ/10 (io_schedule_timeout,
    /// TASK_INTERRUPTIBLE; the model sends no signals). On the way out it clears the disk's
    /// dirty_exceeded if it was not exceeded, and unless the flusher is at work starts
    /// background writeback: in laptop mode if it wrote, else over the background threshold.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask BalanceDirtyPagesV2636(AddressSpace mapping, long writeChunk)
    {
        var task = Current;
        long pagesWritten = 0;
        long pause = 1;
        var dirtyExceeded = false;
        long nrReclaimable;
        GlobalDirtyThresholds global;
        while (true)
        {
            var wbc = new WritebackControl
            {
                SyncMode = WritebackSyncMode.None,
                NrToWrite = writeChunk,
                RangeCyclic = true,
            };
            nrReclaimable = NrReclaimable();
            var nrWriteback = Vmstat.NrWriteback;
            global = GlobalDirtyLimitsNow(task);
            // Strictly under, as in 2.6.29 (<= from 2.6.37).
            if ((ulong)(nrReclaimable + nrWriteback) < CatchUpCeiling(global))
            {
                break;
            }

            var bdiThresh = TaskDirtyLimit(task, BdiDirtyLimit(global.Dirty));

            // bdi_stat_sum when bdi_thresh < 2 * bdi_stat_error, else bdi_stat: exact alike in
            // the model. One disk: its counts are the machine's.
            var bdiNrReclaimable = NrReclaimable();
            var bdiNrWriteback = Vmstat.NrWriteback;
            // At the share or the threshold counts as exceeded until 2.6.37 (> from then on).
            dirtyExceeded = (ulong)(bdiNrReclaimable + bdiNrWriteback) >= bdiThresh || (ulong)(nrReclaimable + nrWriteback) >= global.Dirty;
            if (!dirtyExceeded)
            {
                break;
            }

            if (!DirtyExceeded)
            {
                DirtyExceeded = true;
            }

            if ((ulong)bdiNrReclaimable > bdiThresh)
            {
                await kernel.FsWriteback.WritebackInodes(wbc);
                pagesWritten += writeChunk - wbc.NrToWrite;
                if (pagesWritten >= writeChunk)
                {
                    break; // the task has done its duty
                }
            }

            await IoScheduleTimeout(pause);

            // A longer wait each time round, up to the 100 ms congestion_wait used to take.
            pause <<= 1;
            if (pause > Timers.Hz / 10)
            {
                pause = Timers.Hz / 10;
            }
        }

        if (!dirtyExceeded && DirtyExceeded)
        {
            DirtyExceeded = false;
        }

        if (kernel.BackingDev.WritebackInProgress())
        {
            return;
        }

        var laptopMode = Sysctls.LaptopMode != 0;
        if ((laptopMode && pagesWritten != 0) || (!laptopMode && (ulong)nrReclaimable > global.Background))
        {
            BdiStartBackgroundWriteback();
        }
    }

    /// <summary>
    /// sync_writeback_pages of 2.6.32 on: the chunk a throttled task writes, half as much again
    /// as the pages it dirtied (at least ratelimit_pages), so that it writes more than it dirtied.
    /// </summary>
    [Models("mm/page-writeback.c", "sync_writeback_pages", "2.6.36")]
    public long SyncWritebackPages(long dirtied)
    {
        var pages = Math.Max(dirtied, RatelimitPages);
        return pages + (pages / 2);
    }
}
