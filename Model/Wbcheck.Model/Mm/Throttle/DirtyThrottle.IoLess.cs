using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    private PageWritebackThrottle? arithmetic;

    private readonly BdiBandwidth bdi = new();

    /// <summary>
    /// The I/O-less throttle of 3.2 runs from the 3.19 era on: a dirtier never writes back
    /// itself, it sleeps the pause that brings its dirtying rate to the disk's share of the
    /// write bandwidth, and the flusher writes. Before, a throttled dirtier writes a chunk
    /// itself (<see cref="BalanceDirtyPages"/>, 2.6.20's).
    /// </summary>
    public bool IoLess => kernel.Era.AtLeast(KernelEra.V3_19);

    /// <summary>The I/O-less throttle's state for the model's one disk (reported as a write of the throttle's state: its fields report nothing of their own).</summary>
    public BdiBandwidth Bdi
    {
        get
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return bdi;
        }
    }

    /// <summary>The era's throttle arithmetic (dirtyable memory, thresholds, position ratio, rates, pauses).</summary>
    public PageWritebackThrottle Arithmetic => arithmetic ??= new PageWritebackThrottle(kernel.Era, Faults);

    /// <summary>
    /// The counters global_dirtyable_memory reads, from the running model: the page cache is the
    /// file LRU, NR_ANON_PAGES the anonymous LRU, and what neither holds of the machine's pages is
    /// free (never below zero: a scenario may cache more pages than its machine has). The highmem
    /// zone's counters are the zone's own (<see cref="ZoneCounters"/>: its free pages, its cached
    /// pages as its file LRU, its share of the anonymous pages), as highmem_dirtyable_memory reads
    /// them with zone_page_state; on a machine of one zone they are the machine's. No swap. The
    /// allocator's reserve is totalreserve_pages (the same sum is 3.x's dirty_balance_reserve),
    /// and the highmem zone's is its high watermark (3.x: its dirty_balance_reserve, the same for
    /// the highest zone, which keeps no lowmem_reserve): both zero on the model's machine without
    /// watermarks.
    /// </summary>
    [Models("mm/page-writeback.c", "highmem_dirtyable_memory (zone_page_state of ZONE_HIGHMEM)", "3.18")]
    [Models("mm/page-writeback.c", "highmem_dirtyable_memory (NR_ZONE_INACTIVE_FILE, NR_ZONE_ACTIVE_FILE)", "4.19")]
    public MemoryCounters MemoryNow()
    {
        var cached = (ulong)kernel.CachedPageCount();
        var anon = (ulong)Vmstat.NrAnonPages;
        var total = (ulong)Machine.TotalPages;
        var free = total - Math.Min(total, cached + anon);
        var alloc = kernel.PageAlloc;
        var highmem = Machine.TotalHighPages > 0 ? alloc.Zones.FirstOrDefault(zone => zone.IsHighmem) : null;
        var (highFree, highFileLru, _) = highmem is null ? default : ZoneCounters(highmem);
        var highAnon = highmem is null ? 0 : (ulong)(Vmstat.NrAnonPages * highmem.ManagedPages / Machine.TotalPages);
        return new MemoryCounters
        {
            FreePages = free,
            FileLru = cached,
            AnonLru = anon,
            HighFreePages = highFree,
            HighFileLru = highFileLru,
            HighAnonLru = highAnon,
            Reserve = alloc.HasWatermarks ? (ulong)alloc.TotalreservePages : 0,
            HighWatermark = highmem is null || !alloc.HasWatermarks ? 0 : (ulong)(kernel.Era.DirtyableLeavesTotalreserve() ? highmem.HighWmarkPages : highmem.ReservePages),
        };
    }

    /// <summary>
    /// The sysctls the later throttles read: the ratios (the model sets no dirty_bytes) and
    /// vm.highmem_is_dirtyable (read only by these throttles' dirtyable memory, 2.6.29 on; the
    /// 2.6.20 throttle's get_dirty_limits has no such knob: it counts high memory for a mapping
    /// that may use it and leaves it out for one that may not, DirtyThrottle.Limits).
    /// </summary>
    public ThrottleSettings SettingsNow() => new()
    {
        DirtyRatio = (ulong)Sysctls.DirtyRatio,
        DirtyBackgroundRatio = (ulong)Sysctls.DirtyBackgroundRatio,
        HighmemIsDirtyable = Sysctls.HighmemIsDirtyable,
    };

    /// <summary>global_dirty_limits (domain_dirty_limits from 4.2) for <paramref name="task"/>, over the running model's counters.</summary>
    [Models("mm/page-writeback.c", "global_dirty_limits", "3.18")]
    public GlobalDirtyThresholds GlobalDirtyLimitsNow(TaskStruct task) =>
        Arithmetic.GlobalDirtyLimits(MemoryNow(), SettingsNow(), task, Bdi.GlobalDirtyLimit);

    /// <summary>The I/O-less throttle's hard limit for an ordinary task: the threshold, or global_dirty_limit if higher.</summary>
    public ulong HardDirtyLimitNow() => Arithmetic.HardDirtyLimit(Bdi.GlobalDirtyLimit, GlobalDirtyLimitsNow(TaskStruct.Ordinary).Dirty);

    /// <summary>The background threshold the flusher stops under: the era's from 3.19, 2.6.20's before.</summary>
    public long BackgroundThreshold() =>
        IoLess ? (long)GlobalDirtyLimitsNow(TaskStruct.Ordinary).Background : GetDirtyLimits(null, TaskStruct.Ordinary).Background;

    /// <summary>
    /// Size ratelimit_pages from the dirty threshold: all CPUs together overshoot it by at most
    /// 1/32, never fewer than 16 pages between looks (no four-megabyte cap any more: a throttled
    /// task no longer writes a chunk sized by it). global_dirty_limit starts at the threshold.
    /// </summary>
    [Models("mm/page-writeback.c", "writeback_set_ratelimit", "3.18")]
    public void WritebackSetRatelimitIoLess()
    {
        var limits = GlobalDirtyLimitsNow(TaskStruct.Ordinary);
        Bdi.GlobalDirtyLimit = limits.Dirty;
        RatelimitPages = Math.Max((long)(limits.Dirty / (ulong)(Machine.OnlineCpus * 32)), MinRatelimitPages);
    }

    /// <summary>
    /// One page newly dirtied, I/O-less: the task looks at dirty memory once it has dirtied its
    /// nr_dirtied_pause pages (at most 8 while the disk is dirty_exceeded), or once its CPU has
    /// seen ratelimit_pages dirtied (bdp_ratelimits, counted by account_page_dirtied), so that a
    /// thousand tasks starting at once with a large nr_dirtied_pause cannot all overshoot. The
    /// per-CPU count is read and reset with preemption disabled: one atomic step. The pages
    /// dirtied by exited tasks (dirty_throttle_leaks) are not modelled: model tasks do not exit
    /// part-way through their writes.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages_ratelimited", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask BalanceDirtyPagesRatelimitedIoLess(AddressSpace mapping) => await BalanceDirtyPagesRatelimitedFlags(mapping, BdpFlags.None);

    /// <summary>
    /// balance_dirty_pages_ratelimited with flags (6.0, 407619d2cef3; the flagless call is this
    /// with none): as 3.18's, into the era's loop (4.2's over a dirty_throttle_control from the
    /// 4.13 era). Returns 0, or -EAGAIN when <see cref="BdpFlags.Async"/> is asked for and the
    /// task would have slept. Flags are the 6.9 era's: asking for them earlier is refused.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages_ratelimited", "4.19")]
    [Models("mm/page-writeback.c", "balance_dirty_pages_ratelimited_flags", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> BalanceDirtyPagesRatelimitedFlags(AddressSpace mapping, BdpFlags flags)
    {
        if (flags != BdpFlags.None && !RunsLoopOf6)
        {
            throw new InvalidOperationException($"balance_dirty_pages_ratelimited_flags is from 6.0; the {kernel.Era.Info().Version} era has no BDP flags");
        }

        var current = CurrentDirtied;
        var ratelimit = current.NrDirtiedPause;

        // wb_get_create_current: the task's memcg's wb from 4.2 (the model's 4.13 era), whose dirty_exceeded counts.
        if (WbDirtyExceeded(WbGetCreate(Current.Memcg)))
        {
            ratelimit = Math.Min(ratelimit, 32 >> (WritebackControl.PageShift - 10));
        }

        var cpu = Current.Cpu;
        kernel.Runtime.EnterAtomic("preempt_disable");
        if (current.NrDirtied >= ratelimit)
        {
            ratelimits[cpu] = 0;
        }
        else if (ratelimits[cpu] >= RatelimitPages)
        {
            ratelimits[cpu] = 0;
            ratelimit = 0;
        }

        kernel.Runtime.ExitAtomic();
        if (current.NrDirtied < ratelimit)
        {
            return 0;
        }

        if (RunsDtcLoop)
        {
            return await BalanceDirtyPagesDtc(mapping, current.NrDirtied, flags);
        }

        await BalanceDirtyPagesIoLess(mapping, current.NrDirtied);
        return 0;
    }

    /// <summary>
    /// The I/O-less balance_dirty_pages. Under the freerun ceiling (halfway between the
    /// background and dirty thresholds) the task goes on and looks again after
    /// dirty_poll_interval pages. Over it, it wakes the flusher, re-estimates the disk's bandwidth
    /// and dirty ratelimit (at most every 200 ms), and sleeps the pause that makes it dirty at
    /// dirty_ratelimit x pos_ratio: its period for the pages it dirtied, less the time since its
    /// last pause; none under min_pause (the time is credited to its next period), at most
    /// max_pause. It leaves after one pause, unless its rate is zero (dirty memory at the hard
    /// limit), when it pauses again until the flusher has brought memory under it, or the disk's
    /// dirty pages are within the per-CPU counters' error. On the way out it clears
    /// dirty_exceeded if it did not find it so, and outside laptop mode starts background
    /// writeout over the background threshold. A strictlimit disk (<see cref="BackingDevInfo.Strictlimit"/>)
    /// is judged by its own dirty pages against its own share of the thresholds, from the freerun
    /// test on (bdi_dirty_limits with the background share, before it), and is always
    /// dirty_exceeded over its share.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask BalanceDirtyPagesIoLess(AddressSpace mapping, long pagesDirtied)
    {
        var math = Arithmetic;
        var current = CurrentDirtied;
        var task = Current;
        var dirtyExceeded = false;
        var startTime = Timers.Jiffies;
        ulong nrReclaimable;
        GlobalDirtyThresholds limits;
        var strictlimit = StrictlimitNow();
        while (true)
        {
            var now = Timers.Jiffies;
            nrReclaimable = (ulong)NrReclaimable();
            var nrDirty = nrReclaimable + (ulong)Vmstat.NrWriteback;
            limits = GlobalDirtyLimitsNow(task);

            // One disk: its dirty and writeback pages are all of them.
            var bdiDirty = nrDirty;
            ulong bdiThresh = 0, bdiBgThresh = 0, dirty, thresh, bgThresh;
            if (strictlimit)
            {
                // A strictlimit disk is judged by its own counts and share, even under the
                // machine's freerun ceiling.
                (bdiThresh, bdiBgThresh) = math.WbDirtyLimits(WbNow(bdiDirty), limits.Dirty, limits.Background, wantBackground: true);
                (dirty, thresh, bgThresh) = (bdiDirty, bdiThresh, bdiBgThresh);
            }
            else
            {
                (dirty, thresh, bgThresh) = (nrDirty, limits.Dirty, limits.Background);
            }

            if (dirty <= math.DirtyFreerunCeiling(thresh, bgThresh))
            {
                current.DirtyPausedWhen = now;
                current.NrDirtied = 0;
                current.NrDirtiedPause = (int)math.DirtyPollInterval(dirty, thresh);
                break;
            }

            if (!kernel.BackingDev.WritebackInProgress())
            {
                BdiStartBackgroundWriteback();
            }

            if (!strictlimit)
            {
                (bdiThresh, bdiBgThresh) = math.WbDirtyLimits(WbNow(bdiDirty), limits.Dirty, limits.Background, wantBackground: kernel.Era.AtLeast(KernelEra.V4_13));
            }

            dirtyExceeded = bdiDirty > bdiThresh && (nrDirty > limits.Dirty || strictlimit);
            if (dirtyExceeded && !DirtyExceeded)
            {
                DirtyExceeded = true;
            }

            BdiUpdateBandwidth(limits.Dirty, limits.Background, nrDirty, bdiThresh, bdiBgThresh, bdiDirty, startTime);
            var wb = WbNow(bdiDirty);
            var dirtyRatelimit = Bdi.DirtyRatelimit;
            var posRatio = math.WbPositionRatio(wb, limits.Dirty, limits.Background, nrDirty, bdiThresh, bdiBgThresh, Bdi.GlobalDirtyLimit);
            var taskRatelimit = Faults.IoLessRateZeroOverFreerun ? 0 : (dirtyRatelimit * posRatio) >> PageWritebackThrottle.RatelimitCalcShift;
            var maxPause = math.WbMaxPause(wb, bdiDirty);
            var (minPause, nrDirtiedPause) = math.WbMinPause(wb, dirtyRatelimit, maxPause, taskRatelimit, dirtyRatelimit);
            if (ThrottlePause(current, pagesDirtied, taskRatelimit, minPause, maxPause, ref now) is not { } pause)
            {
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

            // Typically dirty memory was under the hard limit: one pause is the task's due.
            if (taskRatelimit != 0)
            {
                break;
            }

            // An unresponsive NFS server can hold dirty memory over the limit: let the task
            // through once the disk's own dirty pages are within the counters' error.
            if (bdiDirty <= (ulong)BdiStatError())
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

        if (!dirtyExceeded && DirtyExceeded)
        {
            DirtyExceeded = false;
        }

        if (kernel.BackingDev.WritebackInProgress() || Sysctls.LaptopMode != 0)
        {
            return;
        }

        if (nrReclaimable > limits.Background)
        {
            BdiStartBackgroundWriteback();
        }
    }

    /// <summary>
    /// The pause of a look over the freerun ceiling, the same from 3.2 to 6.x: max_pause when the
    /// task's rate is zero, else its period for <paramref name="pagesDirtied"/> pages less the
    /// think time since its last pause, at most max_pause (a longer period is made up by moving
    /// <paramref name="now"/> on). Null when that is under min_pause: the task goes on without
    /// sleeping.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages (the pause)", "3.18")]
    [Models("mm/page-writeback.c", "balance_dirty_pages (the pause)", "4.19")]
    private long? ThrottlePause(TaskDirtied current, long pagesDirtied, ulong taskRatelimit, long minPause, long maxPause, ref long now)
    {
        if (taskRatelimit == 0)
        {
            return maxPause;
        }

        var period = (long)((ulong)Timers.Hz * (ulong)pagesDirtied / taskRatelimit);
        var pause = period;
        if (current.DirtyPausedWhen != 0)
        {
            pause -= now - current.DirtyPausedWhen;
        }

        // Under a second of think time is made up in later periods; more, and the task is taken
        // for a light dirtier and its clock reset.
        if (pause < minPause)
        {
            if (pause < -Timers.Hz)
            {
                current.DirtyPausedWhen = now;
                current.NrDirtied = 0;
            }
            else if (period != 0)
            {
                current.DirtyPausedWhen += period;
                current.NrDirtied = 0;
            }
            else if (current.NrDirtiedPause <= pagesDirtied)
            {
                current.NrDirtiedPause += (int)pagesDirtied;
            }

            return null;
        }

        if (pause > maxPause && !Faults.PauseNotCappedAtMaxPause)
        {
            now += Math.Min(pause - maxPause, maxPause);
            pause = maxPause;
        }

        return pause;
    }

    /// <summary>
    /// Sleep <paramref name="timeout"/> jiffies, TASK_KILLABLE: only a fatal signal ends it early
    /// and the model sends none, so the whole timeout passes on the model's clock (running any
    /// timer that falls due), then other threads may run.
    /// </summary>
    [Models("kernel/sched/core.c", "io_schedule_timeout", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask IoScheduleTimeout(long timeout)
    {
        Diagnostics.Bug.On(nowaitWriters.Contains(kernel.Runtime.Current), "io_schedule_timeout", $"{Current.Comm} sleeps {timeout} jiffies in balance_dirty_pages inside an IOCB_NOWAIT write: BDP_ASYNC must return -EAGAIN instead");
        Timers.Advance(timeout);
        await kernel.Runtime.Schedule(PointKind.Wait, new StepLabel("io_schedule_timeout", timeout));
    }

    /// <summary>
    /// The disk as the throttle's arithmetic reads it: its rates, its share of completions, its
    /// dirty pages, and its capabilities and max_ratio (BDI_CAP_STRICTLIMIT, bdi-&gt;max_ratio).
    /// </summary>
    private BdiWriteback WbNow(ulong wbDirty) => WbNow(null, wbDirty, memcgDomain: false);

    /// <summary>balance_dirty_pages' strictlimit: the disk's BDI_CAP_STRICTLIMIT, read once per call.</summary>
    private bool StrictlimitNow() => kernel.BackingDev.Strictlimit && !Faults.StrictlimitIgnored;

    /// <summary>
    /// bdi_stat_error: how far the per-CPU counters may be off, nr_cpu_ids x BDI_STAT_BATCH
    /// (8 x (1 + ilog2(nr_cpu_ids))). The model's counters are exact, but the throttle's escape
    /// for an unresponsive server compares against this.
    /// </summary>
    [Models("include/linux/backing-dev.h", "bdi_stat_error", "3.18")]
    internal long BdiStatError()
    {
        var cpus = Machine.OnlineCpus;
        return cpus * 8 * (1 + Math64.Ilog2((ulong)cpus));
    }

    /// <summary>
    /// Re-estimate the disk's bandwidth, at most every BANDWIDTH_INTERVAL (200 ms): skip a
    /// quiet spell (more than a second since the last estimate, which was before this caller
    /// began); with a threshold (a dirtier's call; the flusher passes 0) move global_dirty_limit
    /// and the dirty ratelimit; then the write bandwidth; and take the new stamps.
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_update_bandwidth", "3.18")]
    [Models("mm/page-writeback.c", "__bdi_update_bandwidth", "3.18")]
    internal void BdiUpdateBandwidth(ulong thresh, ulong bgThresh, ulong dirty, ulong bdiThresh, ulong bdiBgThresh, ulong bdiDirty, long startTime)
    {
        var now = Timers.Jiffies;
        var elapsed = now - Bdi.BwTimeStamp;

        // A dirtier comes through bdi_update_bandwidth, whose time_is_after_eq_jiffies also skips
        // an estimate exactly BANDWIDTH_INTERVAL after the last; __bdi_update_bandwidth alone
        // (the flusher's) skips only a shorter spell.
        var tooSoon = thresh != 0 ? elapsed <= (long)PageWritebackThrottle.BandwidthInterval : elapsed < (long)PageWritebackThrottle.BandwidthInterval;
        if (tooSoon)
        {
            return;
        }

        var dirtied = WbDirtied(null);
        var written = WbWritten(null);
        if (!(elapsed > Timers.Hz && Timers.TimeBefore(Bdi.BwTimeStamp, startTime)))
        {
            if (thresh != 0)
            {
                GlobalUpdateBandwidth(thresh, dirty, now);
                var wb = WbNow(bdiDirty);
                var posRatio = Arithmetic.WbPositionRatio(wb, thresh, bgThresh, dirty, bdiThresh, bdiBgThresh, Bdi.GlobalDirtyLimit);

                // dirtied - dirtied_stamp is unsigned, as the kernel's: a redirty taken back since
                // the last stamp wraps it.
                var (rate, balanced) = Arithmetic.WbUpdateDirtyRatelimit(wb, thresh, bgThresh, dirty, bdiThresh, bdiBgThresh, posRatio, Bdi.GlobalDirtyLimit, dirtied - Bdi.DirtiedStamp, (ulong)elapsed);
                Bdi.DirtyRatelimit = rate;
                Bdi.BalancedDirtyRatelimit = balanced;
            }

            BdiUpdateWriteBandwidth(Bdi, elapsed, written);
        }

        Bdi.DirtiedStamp = dirtied;
        Bdi.WrittenStamp = written;
        Bdi.BwTimeStamp = now;
    }

    /// <summary>
    /// The write bandwidth over the last <paramref name="elapsed"/> jiffies, averaged into the
    /// last estimate over a three-second period, then smoothed again into avg_write_bandwidth
    /// (which moves an eighth of the way, and only when both estimates agree on the direction).
    /// Written pages can go down (account_page_redirty), so the difference is clamped at zero.
    /// </summary>
    [Models("mm/page-writeback.c", "bdi_update_write_bandwidth", "3.18")]
    private static void BdiUpdateWriteBandwidth(BdiBandwidth bdi, long elapsed, ulong written)
    {
        var period = Math64.RoundupPowOfTwo(3 * Timers.Hz);
        var avg = bdi.AvgWriteBandwidth;
        var old = bdi.WriteBandwidth;
        var bw = (written - Math.Min(written, bdi.WrittenStamp)) * Timers.Hz;
        if ((ulong)elapsed > period)
        {
            bw /= (ulong)elapsed;
            avg = bw;
        }
        else
        {
            bw += old * (period - (ulong)elapsed);
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
        bdi.AvgWriteBandwidth = avg;
    }

    /// <summary>Move global_dirty_limit at most every BANDWIDTH_INTERVAL.</summary>
    [Models("mm/page-writeback.c", "global_update_bandwidth", "3.18")]
    private void GlobalUpdateBandwidth(ulong thresh, ulong dirty, long now)
    {
        if (Timers.TimeBefore(now, Bdi.GlobalUpdateTime + (long)PageWritebackThrottle.BandwidthInterval))
        {
            return;
        }

        UpdateDirtyLimit(thresh, dirty);
        Bdi.GlobalUpdateTime = now;
    }

    /// <summary>
    /// global_dirty_limit follows a rising threshold at once and a falling one by 1/32 of the
    /// gap a step, never below the dirty pages, so that a sudden drop of dirtyable memory does
    /// not throttle every dirtier hard at once.
    /// </summary>
    [Models("mm/page-writeback.c", "update_dirty_limit", "3.18")]
    private void UpdateDirtyLimit(ulong thresh, ulong dirty) =>
        Bdi.GlobalDirtyLimit = PageWritebackThrottle.UpdateDirtyLimit(Bdi.GlobalDirtyLimit, thresh, dirty);
}
