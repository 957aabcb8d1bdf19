using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// A strictlimit disk (BDI_CAP_STRICTLIMIT, 3.12) in the running I/O-less loops: 3.18's for
/// 3.19, 4.2's for 4.13 to 5.0, 6.0's for 6.9. The machine: 100 pages, thresholds 10 and 40,
/// freerun ceiling 25, ratelimit_pages 16; the dirtier looks with its 17th page.
/// </summary>
public sealed class StrictlimitLoopTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    public static TheoryData<KernelEra> IoLessEras => [KernelEra.V3_19, KernelEra.V4_13, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(IoLessEras))]
    public void An_ordinary_disk_runs_free_under_the_global_freerun_ceiling(KernelEra era)
    {
        var (world, file) = Boot(era, strictlimit: false);

        Write(world, file, 17);

        Assert.Equal(0L, world.Jiffies);
    }

    public static TheoryData<KernelEra> DtcEras => [KernelEra.V4_13, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(IoLessEras))]
    public void A_strictlimit_disk_is_throttled_on_its_own_share_under_the_global_freerun_ceiling(KernelEra era)
    {
        var (world, file) = Boot(era, strictlimit: true);

        // 17 dirty pages, under the machine's freerun ceiling of 25; but the disk's share is half
        // (max_ratio 50%): wb_thresh 20, wb_bg_thresh 5, its own freerun ceiling 12. Over it and
        // under wb_thresh, its position ratio is above zero: one pause.
        Write(world, file, 17);

        Assert.True(world.Jiffies > 0, $"the dirtier of a strictlimit disk never slept ({world.Vmstat})");
    }

    [Theory]
    [MemberData(nameof(IoLessEras))]
    public void A_loop_that_ignores_strictlimit_lets_the_dirtier_run_free(KernelEra era)
    {
        var (world, file) = Boot(era, strictlimit: true, Faults.None with { StrictlimitIgnored = true });

        Write(world, file, 17);

        Assert.Equal(0L, world.Jiffies);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_the_IO_less_throttle_a_disk_has_no_strictlimit_capability(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });

        var e = Assert.Throws<KernelConfigException>(() => world.Kernel.BackingDev.Strictlimit = true);

        Assert.Contains("BDI_CAP_STRICTLIMIT is from 3.12 (5a53748568f7", e.Message, StringComparison.Ordinal);
        Assert.Contains($"the {era.Info().Version} era's kernel has no such capability", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A disk that has completed 4 pages (its share of completions is 1), max_ratio 50%, and a
    /// slow dirty ratelimit (100 pages/s), so that a throttled look owes a pause of its own.
    /// </summary>
    private static (ThrottleWorld World, OpenFile File) Boot(KernelEra era, bool strictlimit, Faults? faults = null)
    {
        var world = new ThrottleWorld(faults: faults, config: KernelConfig.Default with { Era = era });
        world.Kernel.BackingDev.Strictlimit = strictlimit;
        world.Kernel.BackingDev.MaxRatio = 50;
        world.Throttle.WritebackSetRatelimitIoLess();
        var inode = world.AddFile(4);
        world.StartWriteback(inode, 4);
        world.RunAllPending();
        world.Throttle.Bdi.DirtyRatelimit = 100;
        return (world, world.Kernel.Open(inode));
    }

    private static void Write(ThrottleWorld world, OpenFile file, int pages) => world.Run(async () =>
    {
        for (var index = 4L; index < 4 + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, Dd);
}
