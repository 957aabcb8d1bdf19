using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The running I/O-less throttle (3.19 era on): dirtiers writing through write(2) on a 100-page
/// machine (thresholds 10 and 40 pages, freerun ceiling 25, ratelimit_pages 16), era by era.
/// </summary>
public sealed class IoLessRunningTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    public static TheoryData<KernelEra> FixedEras => [KernelEra.V4_13, KernelEra.V4_17, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(FixedEras))]
    [InlineData(KernelEra.V3_19)]
    public void Under_the_freerun_ceiling_a_dirtier_looks_after_ratelimit_pages_on_its_cpu_and_goes_on(KernelEra era)
    {
        var (world, file) = Boot(era, dirty: 0);

        Write(world, file, 0, 15);
        Assert.Equal((15, 15L), (world.Throttle.DirtiedBy(Dd).NrDirtied, world.Throttle.Ratelimits(0)));

        // The 16th page: bdp_ratelimits reaches ratelimit_pages before nr_dirtied reaches its
        // initial pause of 32. 16 dirty pages are under the ceiling of 25: the task goes on,
        // to look again after 2^(ilog2(40 - 16) / 2) = 4 pages.
        Write(world, file, 15, 1);

        var dirtied = world.Throttle.DirtiedBy(Dd);
        Assert.Equal((0, 4, 0L), (dirtied.NrDirtied, dirtied.NrDirtiedPause, world.Throttle.Ratelimits(0)));
        Assert.Equal(0, world.Jiffies);
        Assert.Equal(0, world.PagesSubmitted);

        // On its way out, over the background threshold of 10: the flusher is woken.
        Assert.Equal(["pdflush background_writeout"], world.PendingNames);
    }

    [Theory]
    [MemberData(nameof(FixedEras))]
    public void Over_the_freerun_ceiling_a_dirtier_sleeps_on_the_model_clock_and_the_flusher_writes(KernelEra era)
    {
        var (world, file) = Boot(era, dirty: 14);

        // A slow disk's estimate, 100 pages a second (at the initial 25,600 16 pages take no
        // time at all, and the task would owe no pause).
        world.Throttle.Bdi.DirtyRatelimit = 100;

        // 30 dirty pages on the 16th: over the ceiling, under the limit of 40. About a 1.05
        // position ratio: a period of 15 jiffies, trimmed to max_pause, 1 jiffy with 30 dirty
        // pages at 25,600 pages a second; the 14 jiffies left over move its clock on by one more.
        Write(world, file, 14, 16);

        Assert.Equal(0, world.PagesSubmitted); // the dirtier wrote nothing itself
        Assert.Equal(["pdflush background_writeout"], world.PendingNames);
        Assert.Equal(1, world.Jiffies);
        var dirtied = world.Throttle.DirtiedBy(Dd);
        Assert.Equal((0, 2L), (dirtied.NrDirtied, dirtied.DirtyPausedWhen));

        world.RunAllPending();
        Assert.InRange(world.Vmstat.NrFileDirty, 0, 9); // the flusher wrote down under the background threshold
    }

    [Theory]
    [MemberData(nameof(FixedEras))]
    public void After_a_bandwidth_interval_the_disk_rates_are_estimated_again(KernelEra era)
    {
        var (world, file) = Boot(era, dirty: 14);
        world.Kernel.Timers.Advance(30);

        Write(world, file, 14, 16);

        // Nothing written in 30 jiffies: the raw bandwidth falls to 25,600 x (512 - 30) / 512;
        // the smoothed one, the rates (no step is due under the setpoint of 32) and the limit stay.
        var bdi = world.Throttle.Bdi;
        Assert.Equal((30L, (ulong)world.Vmstat.NrDirtied), (bdi.BwTimeStamp, bdi.DirtiedStamp));
        Assert.Equal((24_100UL, BdiBandwidth.InitBw), (bdi.WriteBandwidth, bdi.AvgWriteBandwidth));
        Assert.Equal((BdiBandwidth.InitBw, 40UL), (bdi.DirtyRatelimit, bdi.GlobalDirtyLimit));
    }

    [Fact]
    public void On_3_19_the_estimate_shifts_by_more_than_the_width_of_a_long()
    {
        // bdi_update_dirty_ratelimit: step >>= dirty_ratelimit / (2 * step + 1), with no step
        // due a shift by 25,600 bits (undefined; fixed in 4.6 by "mm/page-writeback: fix dirty_ratelimit calculation").
        var (world, file) = Boot(KernelEra.V3_19, dirty: 14);
        world.Kernel.Timers.Advance(30);

        var e = Assert.Throws<KernelArithmeticException>(() => Write(world, file, 14, 16));

        Assert.Equal("bdi_update_dirty_ratelimit", e.Function);
        Assert.Contains("shift out of bounds", e.Message);
    }

    [Fact]
    public void A_dirtier_that_never_pauses_is_let_go_without_its_sleep()
    {
        var (world, file) = Boot(KernelEra.V6_9, dirty: 14, Faults.None with { DirtierNeverPauses = true });
        world.Throttle.Bdi.DirtyRatelimit = 100; // as above, where it sleeps a jiffy

        Write(world, file, 14, 16);

        Assert.Equal(0, world.Jiffies);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_19_a_dirtier_over_the_threshold_writes_a_chunk_itself(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.AddFile(dirty: 40);
        var file = world.Kernel.Open(inode);

        Write(world, file, 40, 16);

        Assert.Equal(24, world.PagesSubmitted);
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
}
