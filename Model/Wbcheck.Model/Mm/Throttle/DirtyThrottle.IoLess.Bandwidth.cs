using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// 5.15's bandwidth estimation (Jan Kara's series, 633a2abb9e1c "writeback: track number of
/// inodes under writeback", 45a2966fd641 "writeback: fix bandwidth estimate for spiky workload",
/// fee468fdf41c "writeback: reliably update bandwidth estimation"), the 6.9 era's: the estimate
/// no longer waits for a dirtier or a flusher pass. do_writepages restarts it after an idle spell
/// (wb_bandwidth_estimate_start) and takes it when due; the end of an inode's writeback queues the
/// bw_dwork work item BANDWIDTH_INTERVAL later; a dirtier still takes it from balance_dirty_pages.
/// __wb_update_bandwidth lost its own interval test and its quiet-spell skip, so two estimates can
/// meet in one jiffy: elapsed is clamped to 1 (folded into 45a2966fd641 before it was merged).
/// </summary>
public sealed partial class DirtyThrottle
{
    private TimerList? bwDwork;

    /// <summary>The disk's writeback_inodes is counted and the bw_dwork work item queued from 5.15 (the 6.9 era).</summary>
    public bool TracksWritebackInodes => RunsLoopOf6;

    /// <summary>
    /// wb-&gt;bw_dwork, the delayed work that estimates the bandwidth after writeback ends. The
    /// model runs it as a timer: at the tick it falls due, in one step (the kernel's bdi_wq worker
    /// runs it in process context, at that tick or later; taking wb-&gt;list_lock uncontended).
    /// </summary>
    [Models("mm/backing-dev.c", "wb_update_bandwidth_workfn", "6.9")]
    public TimerList BwDwork => bwDwork ??= new TimerList("bw_dwork", () => WbUpdateBandwidthWorkfn(null));

    /// <summary>
    /// 6.9's __wb_update_bandwidth: read jiffies, take wb-&gt;list_lock (a preemption point: another
    /// estimate may be taken meanwhile), and estimate over the jiffies since the last stamp, at
    /// least 1 ("lockless checks for elapsed time are racy"); a time stamp moved past this
    /// caller's jiffies while it spun wraps, as the kernel's unsigned long does. With
    /// <paramref name="updateRatelimit"/> (a dirtier) move the domain's dirty limit and the
    /// dirty ratelimit too, then, for a memcg task (<paramref name="mdtc"/>), the memcg domain's
    /// dirty limit and the dirty ratelimit again from its position ratio.
    /// </summary>
    [Models("mm/page-writeback.c", "__wb_update_bandwidth", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WbUpdateBandwidthLocked(CgroupWb? wb, DirtyThrottleControl? gdtc, bool updateRatelimit, DirtyThrottleControl? mdtc = null)
    {
        var now = Timers.Jiffies;
        await SpinLockWbListLock(updateRatelimit ? "balance_dirty_pages" : "wb_update_bandwidth");
        WbUpdateBandwidthHeld(wb, gdtc, mdtc, updateRatelimit, now);
        SpinUnlockWbListLock();
    }

    /// <summary>The body of 6.9's __wb_update_bandwidth, wb-&gt;list_lock held, <paramref name="now"/> read before it was taken.</summary>
    [Models("mm/page-writeback.c", "__wb_update_bandwidth", "6.9")]
    [Models("mm/page-writeback.c", "domain_update_dirty_limit", "6.9")]
    private void WbUpdateBandwidthHeld(CgroupWb? wb, DirtyThrottleControl? gdtc, DirtyThrottleControl? mdtc, bool updateRatelimit, long now)
    {
        var bw = BwOf(wb);
        var elapsed = (ulong)(now - bw.BwTimeStamp);
        if (!Faults.BandwidthElapsedNotClamped)
        {
            elapsed = Math.Max(elapsed, 1);
        }

        var dirtied = WbDirtied(wb);
        var written = WbWritten(wb);
        if (updateRatelimit && gdtc is not null)
        {
            GlobalUpdateBandwidth(gdtc.Thresh, gdtc.Dirty, now);
            WbUpdateDirtyRatelimitNow(gdtc, dirtied, elapsed);
            if (mdtc is not null)
            {
                MemcgDomainUpdateBandwidth(mdtc, now);
                WbUpdateDirtyRatelimitNow(mdtc, dirtied, elapsed);
            }
        }

        WbUpdateWriteBandwidth(bw, elapsed, written);
        bw.DirtiedStamp = dirtied;
        bw.WrittenStamp = written;
        bw.BwTimeStamp = now;
    }

    /// <summary>
    /// 6.9's wb_update_write_bandwidth: as 3.18's, over an unsigned elapsed, and the smoothed
    /// bandwidth never below 1 ("keep avg &gt; 0", read in the 6.x tree).
    /// </summary>
    [Models("mm/page-writeback.c", "wb_update_write_bandwidth", "6.9")]
    private static void WbUpdateWriteBandwidth(BdiBandwidth bdi, ulong elapsed, ulong written)
    {
        var period = Math64.RoundupPowOfTwo(3 * Timers.Hz);
        var avg = bdi.AvgWriteBandwidth;
        var old = bdi.WriteBandwidth;
        var bw = (written - Math.Min(written, bdi.WrittenStamp)) * Timers.Hz;
        if (elapsed > period)
        {
            bw = Math64.Div64U64(bw, elapsed, "wb_update_write_bandwidth", "elapsed");
            avg = bw;
        }
        else
        {
            bw += old * (period - elapsed);
            bw >>= (int)Math64.Ilog2(period);
            if (avg > old && old >= bw)
            {
                avg -= (avg - old) >> 3;
            }

            if (avg < old && old <= bw)
            {
                avg += (old - avg) >> 3;
            }
        }

        bdi.WriteBandwidth = bw;
        bdi.AvgWriteBandwidth = Math.Max(avg, 1);
    }

    /// <summary>wb_update_bandwidth: the write bandwidth only (do_writepages and the work item).</summary>
    [Models("mm/page-writeback.c", "wb_update_bandwidth", "6.9")]
    public ValueTask WbUpdateBandwidth(CgroupWb? wb = null) => WbUpdateBandwidthLocked(wb, null, updateRatelimit: false);

    /// <summary>The work item: wb_update_bandwidth in one step, at the tick it falls due (timer context, see <see cref="BwDwork"/>).</summary>
    [Models("mm/backing-dev.c", "wb_update_bandwidth_workfn", "6.9")]
    private void WbUpdateBandwidthWorkfn(CgroupWb? wb)
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        WbUpdateBandwidthHeld(wb, null, null, updateRatelimit: false, Timers.Jiffies);
    }

    /// <summary>The bw_dwork of <paramref name="wb"/>: the root wb's (<see cref="BwDwork"/>) or the cgwb's own.</summary>
    private TimerList BwDworkOf(CgroupWb? wb) => wb is null ? BwDwork : wb.BwDwork ??= new TimerList($"bw_dwork {wb.Memcg.Name}", () => WbUpdateBandwidthWorkfn(wb));

    /// <summary>
    /// do_writepages' start (5.15): after a spell of over WB_BANDWIDTH_IDLE_JIF (a second) with no
    /// inode under writeback, the estimate restarts from now, so that the idle time does not
    /// count as time the disk wrote nothing in (the "spiky workload" fix).
    /// </summary>
    [Models("mm/page-writeback.c", "wb_bandwidth_estimate_start", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WbBandwidthEstimateStart(AddressSpace mapping)
    {
        if (!TracksWritebackInodes)
        {
            return;
        }

        // inode_to_wb_wbc: the inode's wb.
        var wb = InodeToWb(mapping.Host);
        var bw = BwOf(wb);
        var now = Timers.Jiffies;
        var elapsed = now - bw.BwTimeStamp;
        if (elapsed > Timers.Hz && bw.WritebackInodes == 0)
        {
            await SpinLockWbListLock("wb_bandwidth_estimate_start");
            bw.DirtiedStamp = WbDirtied(wb);
            bw.WrittenStamp = WbWritten(wb);
            bw.BwTimeStamp = now;
            SpinUnlockWbListLock();
        }
    }

    /// <summary>
    /// do_writepages' end (5.15): with writeback being submitted all the time, few of the pages
    /// just submitted have been written yet, but the estimate is taken once it is due.
    /// </summary>
    [Models("mm/page-writeback.c", "do_writepages (wb_update_bandwidth)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask DoWritepagesUpdateBandwidth(AddressSpace mapping)
    {
        if (!TracksWritebackInodes)
        {
            return;
        }

        var wb = InodeToWb(mapping.Host);
        if (Timers.TimeAfter(Timers.Jiffies, BwOf(wb).BwTimeStamp + (long)PageWritebackThrottle.BandwidthInterval))
        {
            await WbUpdateBandwidth(wb);
        }
    }

    /// <summary>The first page of an inode goes under writeback (the mapping had no WRITEBACK tag): count the inode.</summary>
    [Models("mm/page-writeback.c", "wb_inode_writeback_start", "6.9")]
    public void WbInodeWritebackStart(AddressSpace mapping)
    {
        if (TracksWritebackInodes)
        {
            BwOf(InodeToWb(mapping.Host)).WritebackInodes++;
        }
    }

    /// <summary>
    /// The last page of an inode under writeback ends (interrupt context): uncount the inode and
    /// queue the bandwidth work BANDWIDTH_INTERVAL from now, so that inodes ending together are
    /// estimated together (queue_delayed_work: a work already queued keeps its time; the disk is
    /// registered, WB_registered).
    /// </summary>
    [Models("mm/page-writeback.c", "wb_inode_writeback_end", "6.9")]
    public void WbInodeWritebackEnd(AddressSpace mapping)
    {
        if (!TracksWritebackInodes)
        {
            return;
        }

        var wb = InodeToWb(mapping.Host);
        BwOf(wb).WritebackInodes--;
        var work = BwDworkOf(wb);
        if (!work.Pending)
        {
            Timers.ModTimer(work, Timers.Jiffies + (long)PageWritebackThrottle.BandwidthInterval);
        }
    }

    /// <summary>
    /// The flusher's estimate after each pass of its writeback (wb_writeback's wb_update_bandwidth,
    /// write bandwidth only) until 5.15, which moved it to do_writepages (fee468fdf41c).
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_writeback (wb_update_bandwidth)", "4.19")]
    internal void WbWritebackUpdateBandwidth(long startTime)
    {
        if (IoLess && !TracksWritebackInodes)
        {
            BdiUpdateBandwidth(0, 0, 0, 0, 0, 0, startTime);
        }
    }
}
