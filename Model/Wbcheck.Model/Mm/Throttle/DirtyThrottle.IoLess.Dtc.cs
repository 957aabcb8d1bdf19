using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// The running loop is 4.2's, over a dirty_throttle_control, from the 4.13 era on; 3.19 runs
    /// 3.18's (<see cref="BalanceDirtyPagesIoLess"/>).
    /// </summary>
    public bool RunsDtcLoop => kernel.Era.HasCgroupWriteback();

    /// <summary>
    /// The 6.0 loop (the io_uring series, Jan Kara: 29c36351d61f, a3fa4409eec3, 407619d2cef3)
    /// and 5.15's bandwidth estimation (45a2966fd641, fee468fdf41c, 633a2abb9e1c): the 6.9 era.
    /// </summary>
    private bool RunsLoopOf6 => kernel.Era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// The I/O-less balance_dirty_pages as 4.2 restructured it, over the global domain's
    /// dirty_throttle_control (gdtc) and, for a task in a memory cgroup, the memcg domain's
    /// (mdtc: 841710aa6e4a "writeback: implement memcg wb_domain", 4.2's cgroup writeback): the task must be under both
    /// domains' freerun ceilings to run free, and is throttled by the domain with the lower
    /// position ratio (sdtc). A strictlimit disk (<see cref="BackingDevInfo.Strictlimit"/>, 3.12)
    /// is judged in each domain by its own dirty pages against its own share. Era by era:
    /// <list type="bullet">
    /// <item>4.13 to 5.0 (read in 4.19 and in a 5.4 tree): as 3.18, but the position ratio is
    /// worked out once, before the estimate, and the estimate (__wb_update_bandwidth, under
    /// wb-&gt;list_lock) takes it from the dtc; dirty_exceeded is set in the loop and cleared after
    /// it; background writeout is started on the way out.</item>
    /// <item>6.9 (read in a 6.x tree with BDP_ASYNC and the 6.0 loop): background writeout is
    /// started at the top of each pass, over the background threshold and outside laptop mode
    /// (29c36351d61f, "mm: Move starting of background writeback into the main balancing loop");
    /// dirty_exceeded is set and cleared in one place (a3fa4409eec3, "mm: Move updates of
    /// dirty_exceeded into one place"); a BDP_ASYNC caller gets -EAGAIN where it would sleep
    /// (407619d2cef3); the estimate is 5.15's (<see cref="WbUpdateBandwidthLocked"/>).</item>
    /// </list>
    /// No task is PF_LOCAL_THROTTLE; nothing in the model reads wb-&gt;dirty_sleep
    /// (bdi-&gt;last_bdp_sleep), so it is not kept. mem_cgroup_flush_foreign (5.3) is not modelled:
    /// a memcg does dirty pages of an inode on another wb in the model (a mapping charged after
    /// its first dirtying stays on its wb until inode_switch_wbs moves it, and the switch is
    /// modelled), but mem_cgroup_track_foreign_dirty, which would record those wbs for this flush,
    /// is not, nor the foreign history (wbc_detach_inode) that decides a switch: the model's
    /// switches are given by the caller.
    /// Returns 0, or -EAGAIN for a BDP_ASYNC caller that would have slept.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages", "4.19")]
    [Models("mm/page-writeback.c", "balance_dirty_pages", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> BalanceDirtyPagesDtc(AddressSpace mapping, long pagesDirtied, BdpFlags flags)
    {
        var math = Arithmetic;
        var current = CurrentDirtied;
        var task = Current;
        var dirtyExceeded = false;
        var startTime = Timers.Jiffies;
        var ret = 0;
        ulong nrReclaimable;
        var strictlimit = StrictlimitNow();

        // balance_dirty_pages_ratelimited's wb_get_create_current: the task's memcg's wb (cgroup
        // writeback), or the disk's root wb.
        var wb = WbGetCreate(task.Memcg);
        var gdtc = new DirtyThrottleControl { Wb = wb };

        // mdtc_valid: the task's bdi_writeback is its memcg's, whose wb_domain is the memcg's.
        var mdtc = wb is not null && !Faults.MemcgDomainIgnored ? new DirtyThrottleControl { Memcg = wb.Memcg, Wb = wb } : null;
        while (true)
        {
            var now = Timers.Jiffies;
            nrReclaimable = (ulong)NrReclaimable();
            DomainDirtyLimitsNow(gdtc, task, nrReclaimable + (ulong)Vmstat.NrWriteback);
            ulong dirty, thresh, bgThresh, mDirty = 0, mThresh = 0, mBgThresh = 0;
            if (strictlimit)
            {
                WbDirtyLimitsNow(gdtc);
                (dirty, thresh, bgThresh) = (gdtc.WbDirty, gdtc.WbThresh, gdtc.WbBgThresh);
            }
            else
            {
                (dirty, thresh, bgThresh) = (gdtc.Dirty, gdtc.Thresh, gdtc.BgThresh);
            }

            if (mdtc is not null)
            {
                MemcgDomainDirtyLimitsNow(mdtc, gdtc, task);
                if (strictlimit)
                {
                    WbDirtyLimitsNow(mdtc);
                    (mDirty, mThresh, mBgThresh) = (mdtc.WbDirty, mdtc.WbThresh, mdtc.WbBgThresh);
                }
                else
                {
                    (mDirty, mThresh, mBgThresh) = (mdtc.Dirty, mdtc.Thresh, mdtc.BgThresh);
                }
            }

            if (RunsLoopOf6 && Sysctls.LaptopMode == 0 && nrReclaimable > gdtc.BgThresh && !WritebackInProgress(wb))
            {
                WbStartBackgroundWriteback(wb);
            }

            // Under both domains' freerun ceilings, the task runs free and looks again after the
            // nearer of the two domains' poll intervals.
            if (dirty <= math.DirtyFreerunCeiling(thresh, bgThresh)
                && (mdtc is null || mDirty <= math.DirtyFreerunCeiling(mThresh, mBgThresh)))
            {
                var interval = math.DirtyPollInterval(dirty, thresh);
                var memcgInterval = mdtc is null ? ulong.MaxValue : math.DirtyPollInterval(mDirty, mThresh);
                current.DirtyPausedWhen = now;
                current.NrDirtied = 0;
                current.NrDirtiedPause = (int)Math.Min(interval, memcgInterval);
                break;
            }

            // Even in laptop mode.
            if (!WritebackInProgress(wb))
            {
                WbStartBackgroundWriteback(wb);
            }

            if (!strictlimit)
            {
                WbDirtyLimitsNow(gdtc);
            }

            dirtyExceeded = gdtc.WbDirty > gdtc.WbThresh && (gdtc.Dirty > gdtc.Thresh || strictlimit);
            WbPositionRatioNow(gdtc);
            var sdtc = gdtc;
            if (mdtc is not null)
            {
                if (!strictlimit)
                {
                    WbDirtyLimitsNow(mdtc);
                }

                dirtyExceeded |= mdtc.WbDirty > mdtc.WbThresh && (mdtc.Dirty > mdtc.Thresh || strictlimit);
                WbPositionRatioNow(mdtc);
                if (mdtc.PosRatio < gdtc.PosRatio)
                {
                    sdtc = mdtc;
                }
            }

            if (RunsLoopOf6)
            {
                if (dirtyExceeded != WbDirtyExceeded(wb))
                {
                    SetWbDirtyExceeded(wb, dirtyExceeded);
                }
            }
            else if (dirtyExceeded && !WbDirtyExceeded(wb))
            {
                SetWbDirtyExceeded(wb, true);
            }

            // time_is_before_jiffies(wb->bw_time_stamp + BANDWIDTH_INTERVAL), read without the lock.
            if (Timers.TimeAfter(Timers.Jiffies, BwOf(wb).BwTimeStamp + (long)PageWritebackThrottle.BandwidthInterval))
            {
                if (RunsLoopOf6)
                {
                    await WbUpdateBandwidthLocked(wb, gdtc, updateRatelimit: true, mdtc);
                }
                else
                {
                    await SpinLockWbListLock("balance_dirty_pages");
                    WbUpdateBandwidth419(wb, gdtc, mdtc, startTime);
                    SpinUnlockWbListLock();
                }
            }

            // Throttle according to the chosen dtc.
            var dirtyRatelimit = BwOf(wb).DirtyRatelimit;
            var rates = WbNow(sdtc, sdtc.WbDirty);
            var taskRatelimit = Faults.IoLessRateZeroOverFreerun ? 0 : (dirtyRatelimit * sdtc.PosRatio) >> PageWritebackThrottle.RatelimitCalcShift;
            var maxPause = math.WbMaxPause(rates, sdtc.WbDirty);
            var (minPause, nrDirtiedPause) = math.WbMinPause(rates, dirtyRatelimit, maxPause, taskRatelimit, dirtyRatelimit);
            if (ThrottlePause(current, pagesDirtied, taskRatelimit, minPause, maxPause, ref now) is not { } pause)
            {
                break;
            }

            // pause: a caller that cannot sleep is told to come back; nr_dirtied stays, so its
            // next look comes at once.
            if (flags.HasFlag(BdpFlags.Async) && !Faults.BdpAsyncIgnored)
            {
                ret = Errno.EAGAIN;
                break;
            }

            if (Faults.DirtierNeverPauses)
            {
                break;
            }

            await IoScheduleTimeout(pause);
            current.DirtyPausedWhen = now + pause;
            current.NrDirtied = 0;
            current.NrDirtiedPause = nrDirtiedPause;
            if (taskRatelimit != 0)
            {
                break;
            }

            if (sdtc.WbDirty <= (ulong)BdiStatError())
            {
                break;
            }

            // A task killed (the OOM killer's SIGKILL, the model's only signal) stops throttling and
            // goes on to exit, rather than wait for memory it will never dirty: "writeback: quit
            // throttling when fatal signal pending" (<see cref="OomEras.BalanceDirtyPagesQuitsOnFatalSignal"/>).
            if (kernel.Era.BalanceDirtyPagesQuitsOnFatalSignal() && kernel.PageAlloc.FatalSignalPending)
            {
                break;
            }
        }

        if (RunsLoopOf6)
        {
            return ret;
        }

        if (!dirtyExceeded && WbDirtyExceeded(wb))
        {
            SetWbDirtyExceeded(wb, false);
        }

        if (WritebackInProgress(wb) || Sysctls.LaptopMode != 0)
        {
            return ret;
        }

        if (nrReclaimable > gdtc.BgThresh)
        {
            WbStartBackgroundWriteback(wb);
        }

        return ret;
    }

    /// <summary>
    /// The top of a pass: gdtc-&gt;avail (global_dirtyable_memory), gdtc-&gt;dirty, and
    /// domain_dirty_limits' thresholds for <paramref name="task"/>.
    /// </summary>
    [Models("mm/page-writeback.c", "domain_dirty_limits", "4.19")]
    private void DomainDirtyLimitsNow(DirtyThrottleControl dtc, TaskStruct task, ulong dirty)
    {
        var limits = GlobalDirtyLimitsNow(task);
        dtc.Avail = limits.Avail;
        dtc.Dirty = dirty;
        dtc.Thresh = limits.Dirty;
        dtc.BgThresh = limits.Background;
    }

    /// <summary>
    /// The memcg domain's top of a pass: mem_cgroup_wb_stats, mdtc-&gt;dirty (its dirty and
    /// writeback pages), mdtc_calc_avail against <paramref name="gdtc"/>, and domain_dirty_limits
    /// with the byte sysctls taken as ratios of the global dirtyable memory.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages (the memcg domain)", "4.19")]
    [Models("mm/page-writeback.c", "balance_dirty_pages (the memcg domain)", "6.9")]
    private void MemcgDomainDirtyLimitsNow(DirtyThrottleControl mdtc, DirtyThrottleControl gdtc, TaskStruct task)
    {
        var stats = mdtc.Memcg!.WbStats();
        mdtc.Dirty = stats.Dirty + stats.Writeback;
        mdtc.Avail = Arithmetic.MdtcCalcAvail(stats.FilePages, stats.Headroom, mdtc.Dirty, gdtc.Avail, gdtc.Dirty);
        var limits = Arithmetic.MemcgDomainDirtyLimits(mdtc.Avail, gdtc.Avail, SettingsNow(), task, Bdi.GlobalDirtyLimit);
        mdtc.Thresh = limits.Dirty;
        mdtc.BgThresh = limits.Background;
    }

    /// <summary>
    /// wb_dirty_limits over the dtc: the wb's share of the dtc's domain's thresholds (by its
    /// completions in that domain), and the dirty pages of the dtc's bdi_writeback: a cgwb's are
    /// its memcg's (it holds the memcg's inodes), the root wb's the rest of the disk's (all of
    /// them before cgroup writeback; the model's counters are exact, so wb_stat_sum and wb_stat
    /// agree).
    /// </summary>
    [Models("mm/page-writeback.c", "wb_dirty_limits", "4.19")]
    private void WbDirtyLimitsNow(DirtyThrottleControl dtc)
    {
        dtc.WbDirty = dtc.Wb is { } wb ? WbDirtyOf(wb) : WbDirtyPages(null, dtc.Dirty);
        (dtc.WbThresh, dtc.WbBgThresh) = Arithmetic.WbDirtyLimits(WbNow(dtc, dtc.WbDirty), dtc.Thresh, dtc.BgThresh, wantBackground: true);
    }

    /// <summary>dtc_dom(dtc)-&gt;dirty_limit: the memcg domain's, or the global one.</summary>
    private ulong DomDirtyLimit(DirtyThrottleControl dtc) => dtc.Memcg?.DirtyLimit ?? Bdi.GlobalDirtyLimit;

    /// <summary>wb_position_ratio over the dtc, with the disk's rates as they stand before this pass's estimate.</summary>
    [Models("mm/page-writeback.c", "wb_position_ratio", "4.19")]
    private void WbPositionRatioNow(DirtyThrottleControl dtc) =>
        dtc.PosRatio = Arithmetic.WbPositionRatio(WbNow(dtc, dtc.WbDirty), dtc.Thresh, dtc.BgThresh, dtc.Dirty, dtc.WbThresh, dtc.WbBgThresh, DomDirtyLimit(dtc));

    /// <summary>
    /// 4.19's __wb_update_bandwidth of <paramref name="wb"/>, its caller holding wb-&gt;list_lock:
    /// at most every BANDWIDTH_INTERVAL; a quiet spell (over a second since the last estimate,
    /// which was before this caller began) only takes new stamps of the wb's WB_DIRTIED and
    /// WB_WRITTEN; else, for a dirtier (<paramref name="gdtc"/> given: update_ratelimit), move
    /// the global domain's dirty_limit (domain_update_bandwidth), the wb's dirty ratelimit from
    /// the dtc's position ratio, then, for a memcg task, the memcg domain's dirty_limit and the
    /// wb's dirty ratelimit again from the mdtc's (overwriting the first); then the wb's write
    /// bandwidth. The flusher's call (wb_update_bandwidth) passes no dtc.
    /// </summary>
    [Models("mm/page-writeback.c", "__wb_update_bandwidth", "4.19")]
    [Models("mm/page-writeback.c", "domain_update_bandwidth", "4.19")]
    [Models("mm/page-writeback.c", "wb_update_bandwidth", "4.19")]
    private void WbUpdateBandwidth419(CgroupWb? wb, DirtyThrottleControl? gdtc, DirtyThrottleControl? mdtc, long startTime)
    {
        var bw = BwOf(wb);
        var now = Timers.Jiffies;
        var elapsed = now - bw.BwTimeStamp;
        if (elapsed < (long)PageWritebackThrottle.BandwidthInterval)
        {
            return;
        }

        var dirtied = WbDirtied(wb);
        var written = WbWritten(wb);
        if (!(elapsed > Timers.Hz && Timers.TimeBefore(bw.BwTimeStamp, startTime)))
        {
            if (gdtc is not null)
            {
                GlobalUpdateBandwidth(gdtc.Thresh, gdtc.Dirty, now);
                WbUpdateDirtyRatelimitNow(gdtc, dirtied, (ulong)elapsed);
                if (mdtc is not null)
                {
                    // The memcg domain's estimate starts from the rate the global one just set.
                    MemcgDomainUpdateBandwidth(mdtc, now);
                    WbUpdateDirtyRatelimitNow(mdtc, dirtied, (ulong)elapsed);
                }
            }

            BdiUpdateWriteBandwidth(bw, elapsed, written);
        }

        bw.DirtiedStamp = dirtied;
        bw.WrittenStamp = written;
        bw.BwTimeStamp = now;
    }

    /// <summary>
    /// wb_update_dirty_ratelimit over the dtc: its position ratio, its domain's dirty_limit as
    /// it stands now (hard_dirty_limit(dtc_dom(dtc), ...): the memcg's for an mdtc), the pages
    /// the dtc's wb dirtied since its last stamp (unsigned: a redirty taken back since wraps it,
    /// as in the kernel) over <paramref name="elapsed"/> jiffies; the rates are the wb's.
    /// </summary>
    [Models("mm/page-writeback.c", "wb_update_dirty_ratelimit", "4.19")]
    private void WbUpdateDirtyRatelimitNow(DirtyThrottleControl dtc, ulong dirtied, ulong elapsed)
    {
        var bw = BwOf(dtc.Wb);
        var rates = WbNow(dtc, dtc.WbDirty);
        var (rate, balanced) = Arithmetic.WbUpdateDirtyRatelimit(rates, dtc.Thresh, dtc.BgThresh, dtc.Dirty, dtc.WbThresh, dtc.WbBgThresh, dtc.PosRatio, DomDirtyLimit(dtc), dirtied - bw.DirtiedStamp, elapsed);
        bw.DirtyRatelimit = rate;
        bw.BalancedDirtyRatelimit = balanced;
    }

    /// <summary>
    /// domain_update_bandwidth (domain_update_dirty_limit in 6.x) of a memcg domain: at most
    /// every BANDWIDTH_INTERVAL since its dirty_limit_tstamp, move its dirty_limit
    /// (update_dirty_limit). dom-&gt;lock is taken inside wb-&gt;list_lock: one atomic step in the model.
    /// </summary>
    [Models("mm/page-writeback.c", "domain_update_bandwidth", "4.19")]
    [Models("mm/page-writeback.c", "domain_update_dirty_limit", "6.9")]
    private void MemcgDomainUpdateBandwidth(DirtyThrottleControl mdtc, long now)
    {
        var memcg = mdtc.Memcg!;
        if (Timers.TimeBefore(now, memcg.DirtyLimitTstamp + (long)PageWritebackThrottle.BandwidthInterval))
        {
            return;
        }

        memcg.DirtyLimit = PageWritebackThrottle.UpdateDirtyLimit(memcg.DirtyLimit, mdtc.Thresh, mdtc.Dirty);
        memcg.DirtyLimitTstamp = now;
    }

    /// <summary>
    /// spin_lock(&amp;wb-&gt;list_lock): spinning for it is a preemption point; inside nothing sleeps.
    /// Its mutual exclusion is the atomic section's (no other thread runs inside it).
    /// </summary>
    [Models("include/linux/spinlock.h", "spin_lock (wb->list_lock)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask SpinLockWbListLock(string caller)
    {
        await kernel.Runtime.Schedule(PointKind.SpinLock, new StepLabel($"{caller}: spin_lock(&wb->list_lock)"));
        kernel.Runtime.EnterAtomic("wb->list_lock");
    }

    [Models("include/linux/spinlock.h", "spin_unlock (wb->list_lock)", "4.19")]
    private void SpinUnlockWbListLock() => kernel.Runtime.ExitAtomic();
}
