using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The vm sysctls each era boots with when a configuration sets none: its first release's
/// (docs/eras.md section 87). dirty_ratio and dirty_background_ratio were 40 and 10 in 2.6.20,
/// 10 and 5 from 2.6.22 (so in 2.6.29, where the model's 2.6.29 era starts), 20 and 10 from
/// 2.6.30 (so from the 2.6.36 era on); the intervals were 5 and 30 seconds throughout.
/// <see cref="Faults.DirtyDefaultsOf2620OnEveryEra"/> brings back the model's old 40 and 10 on
/// every era, which these tests catch from 2.6.29 on.
/// </summary>
public sealed class EraDirtyDefaultsTests
{
    private static readonly Faults OldDefaults = Faults.None with { DirtyDefaultsOf2620OnEveryEra = true };

    [Theory]
    [InlineData(KernelEra.V2_5, 50, 40)]
    [InlineData(KernelEra.V2_6_20, 40, 10)]
    [InlineData(KernelEra.V2_6_29, 10, 5)]
    [InlineData(KernelEra.V2_6_36, 20, 10)]
    [InlineData(KernelEra.V3_19, 20, 10)]
    [InlineData(KernelEra.V4_13, 20, 10)]
    [InlineData(KernelEra.V4_17, 20, 10)]
    [InlineData(KernelEra.V4_20, 20, 10)]
    [InlineData(KernelEra.V5_0, 20, 10)]
    [InlineData(KernelEra.V6_9, 20, 10)]
    [InlineData(KernelEra.V6_10, 20, 10)]
    public void Each_era_boots_with_the_ratios_of_its_first_release(KernelEra era, int dirtyRatio, int backgroundRatio)
    {
        var sysctls = new KernelConfig { Era = era }.Sysctls;

        Assert.Equal((dirtyRatio, backgroundRatio), (sysctls.DirtyRatio, sysctls.DirtyBackgroundRatio));
    }

    [Fact]
    public void Every_era_boots_with_kupdate_every_5_seconds_for_data_30_seconds_old_and_no_laptop_mode()
    {
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            var sysctls = new KernelConfig { Era = era }.Sysctls;

            Assert.Equal((5 * Timers.Hz, 30 * Timers.Hz), (sysctls.DirtyWritebackInterval, sysctls.DirtyExpireInterval));
            Assert.Equal(0, sysctls.LaptopMode);
            Assert.False(sysctls.HighmemIsDirtyable);
        }
    }

    [Fact]
    public void The_current_kernels_defaults_are_the_2_6_30_ones()
    {
        Assert.Equal(VmSysctls.V2_6_30Default, VmSysctls.Default);
        Assert.Equal(VmSysctls.Default, VmSysctls.DefaultOf(KernelEras.Current));
    }

    /// <summary>
    /// A kernel booted on 1,000 pages with nothing set throttles at the era's line: 2.6.20 at 40%
    /// (400 pages, background 100), 2.6.29 at 10% of its dirtyable memory (free plus LRU plus one,
    /// determine_dirtyable_memory), from 2.6.36 at 20%. 6.10's background line is 99, not 100:
    /// domain_dirty_limits takes each ratio in 4,096ths of a page first, and 10% is 409 of them.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, 400, 100)]
    [InlineData(KernelEra.V2_6_29, 100, 50)]
    [InlineData(KernelEra.V2_6_36, 200, 100)]
    [InlineData(KernelEra.V3_19, 200, 100)]
    [InlineData(KernelEra.V6_10, 200, 99)]
    public void A_booted_kernel_throttles_at_its_eras_threshold(KernelEra era, long dirtyThreshold, long backgroundThreshold)
    {
        var throttle = Booted(era, Faults.None);

        Assert.Equal((dirtyThreshold, backgroundThreshold), (throttle.DirtyThresholdOfEra().Threshold, throttle.BackgroundThresholdOfEra()));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_10)]
    public void The_old_model_defaults_throttle_higher_on_every_era_from_2_6_29(KernelEra era)
    {
        var right = Booted(era, Faults.None).DirtyThresholdOfEra().Threshold;
        var old = Booted(era, OldDefaults).DirtyThresholdOfEra().Threshold;

        // 40% of the same memory: four times 2.6.29's 10%, twice the 20% after it.
        Assert.Equal(era.Is(KernelEra.V2_6_29) ? 4 * right : 2 * right, old);
    }

    private static DirtyThrottle Booted(KernelEra era, Faults faults)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era, Machine = new Machine { TotalPages = 1000 }, Faults = faults });
        kernel.Throttle.PageWritebackInit();
        return kernel.Throttle;
    }
}
