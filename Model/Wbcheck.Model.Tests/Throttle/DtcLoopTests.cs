using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The running loop after 4.2 (a dirty_throttle_control), era by era: 4.19's for 4.13 to 5.0,
/// 6.0's (dirty_exceeded in one place, BDP_ASYNC) and 5.15's bandwidth estimation for 6.9. The
/// machine: 100 pages, thresholds 10 and 40, freerun ceiling 25, ratelimit_pages 16.
/// </summary>
public sealed class DtcLoopTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    public static TheoryData<KernelEra> DtcEras => [KernelEra.V4_13, KernelEra.V4_17, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(DtcEras))]
    public void A_freerun_look_clears_a_stale_dirty_exceeded_until_5_0_and_keeps_it_in_6_9(KernelEra era)
    {
        var (world, file) = Boot(era, dirty: 29);

        // global_dirty_limit above the threshold: 45 dirty pages are over the threshold of 40 but
        // under the hard limit, so the task's rate is not zero and it leaves after one pause. The
        // disk has no completions yet: its share, wb_thresh, is 0, under its 45 dirty pages.
        world.Throttle.Bdi.GlobalDirtyLimit = 60;
        Write(world, file, 29, 16);
        Assert.True(world.Throttle.DirtyExceeded);

        world.RunAllPending();
        Assert.InRange(world.Vmstat.NrFileDirty, 0, 9);

        // dirty_exceeded: a look within 8 pages, under the freerun ceiling. 4.19 clears the flag
        // on the way out of any look that did not find it so; 6.0 (a3fa4409eec3) sets it only in
        // a throttling pass, so a freerun look leaves it.
        Write(world, file, 45, 8);
        Assert.Equal(era >= KernelEra.V6_9, world.Throttle.DirtyExceeded);
    }

    [Fact]
    public void A_nowait_write_that_would_sleep_gets_EAGAIN_and_writes_nothing()
    {
        var (world, file) = Boot(KernelEra.V6_9, dirty: 14);
        world.Throttle.Bdi.DirtyRatelimit = 100; // a slow disk: 30 dirty pages owe a pause

        for (var index = 14L; index < 30; index++)
        {
            Assert.True(WriteNowait(world, file, index) > 0);
        }

        // iomap_write_iter throttles before it copies: bdp_ratelimits reached 16 with the 16th
        // page, so the 17th write looks first, over the freerun ceiling, and is told -EAGAIN.
        Assert.Equal(Errno.EAGAIN, WriteNowait(world, file, 30));
        Assert.Equal((30L, 0L), (world.Vmstat.NrFileDirty, world.Jiffies));
        Assert.Equal(16, world.Throttle.DirtiedBy(Dd).NrDirtied); // not reset: it has not paused
    }

    [Fact]
    public void A_throttle_that_ignores_BDP_ASYNC_is_caught_sleeping_in_a_nowait_write()
    {
        var (world, file) = Boot(KernelEra.V6_9, dirty: 14, Faults.None with { BdpAsyncIgnored = true });
        world.Throttle.Bdi.DirtyRatelimit = 100;
        for (var index = 14L; index < 30; index++)
        {
            WriteNowait(world, file, index);
        }

        var e = Assert.Throws<KernelBugException>(() => WriteNowait(world, file, 30));

        Assert.Equal("io_schedule_timeout", e.Function);
        Assert.Contains("IOCB_NOWAIT", e.Message);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V5_0)]
    public void Before_6_0_there_is_no_nowait_buffered_write_to_throttle(KernelEra era)
    {
        var (world, file) = Boot(era, dirty: 0);

        Assert.Throws<InvalidOperationException>(() => WriteNowait(world, file, 0));
    }

    [Theory]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, true)]
    public void From_5_14_the_end_of_an_inodes_writeback_estimates_the_bandwidth_a_bandwidth_interval_later(KernelEra era, bool estimated)
    {
        var (world, _) = Boot(era, dirty: 0);
        var inode = world.AddFile(dirty: 8);

        world.StartWriteback(inode, 8);
        Assert.Equal(estimated ? 1L : 0L, world.Throttle.Bdi.WritebackInodes);

        world.RunAllPending(); // the I/O completes: the inode's last page under writeback ends
        Assert.Equal(0L, world.Throttle.Bdi.WritebackInodes);
        Assert.Equal(estimated, world.Throttle.BwDwork.Pending);

        world.Kernel.Timers.Advance((long)PageWritebackThrottle.BandwidthInterval);

        // 8 pages written in 20 jiffies: 40 pages a second, averaged into the 25,600 of the
        // last 512 jiffies.
        var bdi = world.Throttle.Bdi;
        Assert.Equal(estimated ? (20L, 8UL, ((8UL * 100) + (25_600UL * 492)) >> 9) : (0L, 0UL, BdiBandwidth.InitBw), (bdi.BwTimeStamp, bdi.WrittenStamp, bdi.WriteBandwidth));
    }

    [Theory]
    [InlineData(KernelEra.V5_0, 0L)]
    [InlineData(KernelEra.V6_9, 150L)]
    public void From_5_14_writeback_after_an_idle_second_restarts_the_estimate(KernelEra era, long stamp)
    {
        var (world, _) = Boot(era, dirty: 0);
        var inode = world.AddFile(dirty: 4);
        world.Kernel.Timers.Advance(150);

        world.StartWriteback(inode, 4);

        // wb_bandwidth_estimate_start: 150 jiffies idle, no inode under writeback: the stamps
        // restart from now instead of counting the idle time as a disk that wrote nothing.
        Assert.Equal(stamp, world.Throttle.Bdi.BwTimeStamp);
        Assert.Equal(BdiBandwidth.InitBw, world.Throttle.Bdi.WriteBandwidth);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_estimates_in_one_jiffy_divide_by_zero_unless_elapsed_is_clamped(bool clampForgotten)
    {
        var (world, _) = Boot(KernelEra.V6_9, dirty: 0, Faults.None with { BandwidthElapsedNotClamped = clampForgotten });
        var gdtc = new DirtyThrottleControl { Thresh = 40, BgThresh = 10, Dirty = 30, WbDirty = 30, WbThresh = 40, WbBgThresh = 10, PosRatio = 1 << PageWritebackThrottle.RatelimitCalcShift };
        world.Kernel.Timers.Advance(30);

        void Estimate() => world.Run(() => world.Throttle.WbUpdateBandwidthLocked(null, gdtc, updateRatelimit: true), Dd);

        // The first is 30 jiffies after boot's stamp; the second in the same jiffy, as a dirtier
        // that passed the lockless interval test before the first took wb->list_lock would.
        Estimate();
        if (clampForgotten)
        {
            var e = Assert.Throws<KernelArithmeticException>(Estimate);
            Assert.Equal("wb_update_dirty_ratelimit", e.Function);
        }
        else
        {
            Estimate();
            Assert.Equal(30L, world.Throttle.Bdi.BwTimeStamp);
        }
    }

    private static (ThrottleWorld World, OpenFile File) Boot(KernelEra era, int dirty, Faults? faults = null)
    {
        var world = new ThrottleWorld(faults: faults, config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();
        var inode = world.AddFile(dirty);
        return (world, world.Kernel.Open(inode));
    }

    private static void Write(ThrottleWorld world, OpenFile file, long first, int pages) => world.Run(async () =>
    {
        for (var index = first; index < first + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, Dd);

    private static long WriteNowait(ThrottleWorld world, OpenFile file, long index) =>
        world.Run(() => world.Kernel.Filemap.IomapBufferedWriteNowait(file, index), Dd);
}
