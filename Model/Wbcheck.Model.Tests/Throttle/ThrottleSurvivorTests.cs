using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The I/O-less throttle's arithmetic at the edges the mutation check found unpinned
/// (tools/mutate/runs/run8.jsonl, docs/mutation.md "Mm/Throttle/"): each expected value is worked
/// out by hand from the kernel's own code at the era named (HZ 100, so roundup_pow_of_two(HZ) is
/// 128 and the bandwidth period roundup_pow_of_two(3 * HZ) is 512 jiffies; DIRTY_POLL_THRESH 32
/// pages; RATELIMIT_CALC_SHIFT 10).
/// </summary>
public sealed class ThrottleSurvivorTests
{
    /// <summary>
    /// wb_min_pause (4.19): a 10 ms target (t = max(1, HZ / 100) = 1) at a dirty_ratelimit of
    /// 100 pages a second is 100 x 1 / 128 = 0 pages, under DIRTY_POLL_THRESH, so the target
    /// becomes max_pause (20) and the pages are worked out again for it: 100 x 20 / 128 = 15,
    /// still under the threshold (kept as they are). Their pause, HZ x 15 / (100 + 1) = 14, is
    /// within max_pause: min_pause is the whole target, 20, and nr_dirtied_pause 15.
    /// </summary>
    [Fact]
    public void A_slow_ratelimit_aims_at_max_pause_and_dirties_the_pages_that_fill_it()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V4_20, Faults.None);

        var result = throttle.WbMinPause(new BdiWriteback { AvgWriteBandwidth = 1 }, 1, 20, 100, 100);

        Assert.Equal((20L, 15), result);
    }

    /// <summary>
    /// wb_update_dirty_ratelimit of a strictlimit disk with 8 dirty pages (not under 8, so not
    /// wb_dirty + 1): from the 4.13 era (4.2's dtc) the setpoint is (wb_thresh + wb_bg_thresh) / 2
    /// = (10 + 4) / 2 = 7, the dtc's own background share; 3.18's bdi_update_dirty_ratelimit took
    /// bdi_dirty_limit(bdi, bg_thresh) instead, the disk's share (here all) of the global 500,
    /// which would put the setpoint at 255. At 7 the disk stands over it and the rate may only
    /// come down: dirty_ratelimit 1,000 at a position ratio of 512/1024 gives a task ratelimit of
    /// 501; the dirty rate is 20 pages in 20 jiffies (100 a second), so balanced = 501 x 100 / 101
    /// = 496, capped at the write bandwidth, 100. The rate is over max(100, 100, 501): step 499,
    /// shrunk by 1000 / 999 = 1 bit and an eighth (rounded up): 32. 1,000 - 32 = 968. (Under a
    /// setpoint of 255 no step would be due.)
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_20)]
    public void From_4_13_a_strictlimit_disk_s_ratelimit_setpoint_uses_the_dtc_s_background_threshold(KernelEra era)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var wb = new BdiWriteback { Strictlimit = true, WbDirty = 8, Numerator = 1, Denominator = 1, AvgWriteBandwidth = 100, DirtyRatelimit = 1_000, BalancedDirtyRatelimit = 100 };

        var result = throttle.WbUpdateDirtyRatelimit(wb, 1_000, 500, 900, 10, 4, 512, 1_000, 20, 20);

        Assert.Equal((968UL, 100UL), result);
    }

    /// <summary>
    /// wb_update_dirty_ratelimit from 4.6 on (4.19): the step is shifted right by
    /// dirty_ratelimit / (2 x step + 1) only while that is under BITS_PER_LONG, else it is 0.
    /// dirty_ratelimit 192 over a target of 191 (thresholds 1,000 and 500: setpoint 875, dirty
    /// 900 over it; task ratelimit 192 x 1014 / 1024 + 1 = 191; balanced capped at the write
    /// bandwidth 100) is a step of 1 and a shift of 192 / 3 = 64: no step at all, the rate stays.
    /// A shift taken modulo 64 would step it down by one.
    /// </summary>
    [Fact]
    public void A_shift_of_the_width_of_a_long_leaves_no_step()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V4_20, Faults.None);
        var wb = new BdiWriteback { WbDirty = 900, AvgWriteBandwidth = 100, DirtyRatelimit = 192, BalancedDirtyRatelimit = 191 };

        var result = throttle.WbUpdateDirtyRatelimit(wb, 1_000, 500, 900, 1_000, 500, 1_014, 1_000, 20, 20);

        Assert.Equal((192UL, 100UL), result);
    }

    /// <summary>
    /// wb_position_ratio of a strictlimit disk from the 4.13 era (4.2's dtc->wb_bg_thresh) takes
    /// the disk's background threshold the dtc carries, not wb_thresh x bg_thresh / thresh as
    /// 3.18's bdi_position_ratio did. Globally (thresholds 1,000 and 500, 800 dirty): setpoint
    /// 875, x = (75 &lt;&lt; 10) / 125 = 614, 1024 + 614^3 / 2^20 = 1,244. The disk (wb_thresh 100,
    /// wb_bg_thresh 20, 60 dirty) sits at its setpoint (100 + 20) / 2 = 60: 1,024, the lower. With
    /// 3.18's background share (100 x 500 / 1,000 = 50) its setpoint would be 75 and its ratio
    /// 1,244.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_13, 1_024UL)]
    [InlineData(KernelEra.V3_19, 1_244UL)]
    public void From_4_13_a_strictlimit_disk_s_setpoint_uses_the_dtc_s_background_threshold(KernelEra era, ulong expected)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var wb = new BdiWriteback { Strictlimit = true, WbDirty = 60 };

        Assert.Equal(expected, throttle.WbPositionRatio(wb, 1_000, 500, 800, 100, 20, 1_000));
    }

    /// <summary>
    /// The flusher's bandwidth estimate of 3.19-5.14 (wb_writeback's wb_update_bandwidth, then
    /// __wb_update_bandwidth with no dtc): taken when BANDWIDTH_INTERVAL (20 jiffies) has passed,
    /// exactly 20 included (`elapsed &lt; BANDWIDTH_INTERVAL` returns; only the dirtier's
    /// bdi_update_bandwidth of 3.18 skips at exactly 20). 24 pages written in 20 jiffies over a
    /// last estimate of 100: (24 x 100 + 100 x (512 - 20)) / 512 = 100. The smoothed bandwidth,
    /// 20, is under both: it moves up an eighth of the gap, 20 + 80 / 8 = 30.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    public void The_flusher_estimates_the_write_bandwidth_a_bandwidth_interval_after_the_last(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var bdi = world.Throttle.Bdi;
        (bdi.WriteBandwidth, bdi.AvgWriteBandwidth) = (100, 20);
        var inode = world.AddFile(dirty: 24);
        world.StartWriteback(inode, 24);
        world.RunAllPending();
        world.Kernel.Timers.Advance(20);

        world.Throttle.WbWritebackUpdateBandwidth(0);

        Assert.Equal((20L, 24UL), (bdi.BwTimeStamp, bdi.WrittenStamp));
        Assert.Equal((100UL, 30UL), (bdi.WriteBandwidth, bdi.AvgWriteBandwidth));
    }

    /// <summary>
    /// From 5.15 (fee468fdf41c) wb_writeback no longer estimates the bandwidth: do_writepages and
    /// the bw_dwork work item do. A flusher pass 20 jiffies after boot leaves the stamps alone.
    /// </summary>
    [Fact]
    public void From_5_15_the_flusher_s_pass_takes_no_estimate_of_its_own()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        world.Kernel.Timers.Advance(20);

        world.Throttle.WbWritebackUpdateBandwidth(0);

        Assert.Equal(0L, world.Throttle.Bdi.BwTimeStamp);
    }

    /// <summary>
    /// wb_update_write_bandwidth (6.9) of a disk that wrote nothing for 20 jiffies: the raw
    /// estimate falls from 100 to 100 x 492 / 512 = 96; the smoothed one, 200, is over both and
    /// comes down an eighth of its gap to the last raw estimate: 200 - 100 / 8 = 188.
    /// </summary>
    [Fact]
    public void A_disk_writing_less_brings_its_smoothed_bandwidth_down_an_eighth_of_the_gap()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var bdi = world.Throttle.Bdi;
        (bdi.WriteBandwidth, bdi.AvgWriteBandwidth) = (100, 200);
        world.Kernel.Timers.Advance(20);

        world.Run(() => world.Throttle.WbUpdateBandwidthLocked(null, null, updateRatelimit: false));

        Assert.Equal((20L, 96UL, 188UL), (bdi.BwTimeStamp, bdi.WriteBandwidth, bdi.AvgWriteBandwidth));
    }
    /// <summary>
    /// A dirtier's estimate (3.18's bdi_update_bandwidth through __bdi_update_bandwidth; 4.19's
    /// __wb_update_bandwidth with update_ratelimit), 30 jiffies after boot, 26 pages dirty of a
    /// 100-page machine (thresholds 10 and 40: over the freerun ceiling of 25): the global
    /// dirty_limit, 200, is over both the threshold and the dirty pages, and update_dirty_limit
    /// brings it down 1/32 of the gap to max(40, 26): 200 - 160 / 32 = 195, stamped now. The
    /// written stamp is the 4 pages written before. (A dirty_ratelimit of 50 keeps 3.19's
    /// unbounded shift, 50 / (2 x step + 1), under 64.)
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    public void A_dirtier_s_estimate_moves_the_global_dirty_limit_and_takes_the_written_stamp(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();
        var inode = world.AddFile(dirty: 14);
        world.StartWriteback(inode, 4);
        world.RunAllPending();
        var bdi = world.Throttle.Bdi;
        (bdi.DirtyRatelimit, bdi.GlobalDirtyLimit) = (50, 200);
        world.Kernel.Timers.Advance(30);

        Write(world, world.Kernel.Open(inode), 14, 16);

        Assert.Equal((30L, 4UL), (bdi.BwTimeStamp, bdi.WrittenStamp));
        Assert.Equal((195UL, 30L), (bdi.GlobalDirtyLimit, bdi.GlobalUpdateTime));
    }

    /// <summary>
    /// balance_dirty_pages (3.18 and 4.19): dirty_exceeded = wb_dirty &gt; wb_thresh &amp;&amp;
    /// (dirty &gt; thresh || strictlimit). 30 dirty pages are over the freerun ceiling (25) and
    /// over the disk's share (no completions yet: none), but under the threshold of 40: the task
    /// pauses, and dirty_exceeded stays clear.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    public void A_dirtier_over_its_disk_s_share_but_under_the_threshold_does_not_set_dirty_exceeded(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();
        var inode = world.AddFile(dirty: 14);
        world.Throttle.Bdi.DirtyRatelimit = 100;

        Write(world, world.Kernel.Open(inode), 14, 16);

        Assert.True(world.Jiffies > 0, "the dirtier was not throttled");
        Assert.False(world.Throttle.DirtyExceeded);
    }

    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    private static void Write(ThrottleWorld world, Wbcheck.Model.Fs.OpenFile file, long first, int pages) => world.Run(async () =>
    {
        for (var index = first; index < first + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, Dd);
}
