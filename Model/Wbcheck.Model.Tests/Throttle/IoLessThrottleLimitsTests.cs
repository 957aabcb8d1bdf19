using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// Dirtyable memory and the global thresholds as each era computed them, worked out by hand from
/// the kernel's formulas, and what a threshold of 2^32 pages does in each era.
/// </summary>
public sealed class IoLessThrottleLimitsTests
{
    private static readonly MemoryCounters Memory = new() { FreePages = 1000, FileLru = 3000, AnonLru = 6000, Reserve = 400 };

    private static readonly TaskStruct Writer = new() { Comm = "writer" };

    [Theory]
    [InlineData(KernelEra.V2_6_29, false, 10_001)] // free + every LRU page, anonymous ones too
    [InlineData(KernelEra.V2_6_36, false, 4_001)] // anonymous pages count only with swap
    [InlineData(KernelEra.V2_6_36, true, 10_001)]
    [InlineData(KernelEra.V3_19, true, 3_601)] // dirty_balance_reserve off the free pages; no anonymous pages
    [InlineData(KernelEra.V6_9, true, 3_601)] // totalreserve_pages in its place
    public void Dirtyable_memory_is_free_and_reclaimable_less_the_reserve_plus_one(KernelEra era, bool swap, ulong expected)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);

        Assert.Equal(expected, throttle.GlobalDirtyableMemory(Memory with { SwapAvailable = swap }, new ThrottleSettings()));
    }

    [Fact]
    public void A_reserve_larger_than_the_free_pages_takes_them_all_and_no_more()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V3_19, Faults.None);

        Assert.Equal(3_001UL, throttle.GlobalDirtyableMemory(Memory with { Reserve = 5000 }, new ThrottleSettings()));
    }

    [Fact]
    public void High_memory_is_left_out_unless_highmem_is_dirtyable()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V4_13, Faults.None);
        var memory = Memory with { HighFreePages = 500, HighFileLru = 1000, HighWatermark = 100 };

        // Highmem: 500 free less its 100-page watermark, plus 1000 file pages.
        Assert.Equal(3_601UL - 1_400, throttle.GlobalDirtyableMemory(memory, new ThrottleSettings()));
        Assert.Equal(3_601UL, throttle.GlobalDirtyableMemory(memory, new ThrottleSettings { HighmemIsDirtyable = true }));
    }

    [Fact]
    public void Until_2_6_37_the_dirty_ratio_is_never_below_five_percent()
    {
        var settings = new ThrottleSettings { DirtyRatio = 1, DirtyBackgroundRatio = 0 };
        var memory = new MemoryCounters { FileLru = 9_999 };

        Assert.Equal(500UL, new PageWritebackThrottle(KernelEra.V2_6_36, Faults.None).GlobalDirtyLimits(memory, settings, Writer, 0).Dirty);
        Assert.Equal(100UL, new PageWritebackThrottle(KernelEra.V3_19, Faults.None).GlobalDirtyLimits(memory, settings, Writer, 0).Dirty);
    }

    [Fact]
    public void From_4_x_the_ratio_is_taken_in_page_size_steps_and_the_boost_adds_a_share_of_the_domain_limit()
    {
        var memory = new MemoryCounters { FileLru = 99_999 };
        var settings = new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 10 };
        var throttle = new PageWritebackThrottle(KernelEra.V4_13, Faults.None);

        // 20% is 819/4096 and 10% is 409/4096 of 100,000 pages.
        Assert.Equal(new GlobalDirtyThresholds(100_000, 9_985, 19_995), throttle.GlobalDirtyLimits(memory, settings, Writer, 3200));

        // A real-time task: a quarter more, plus 3200 / 32.
        Assert.Equal(new GlobalDirtyThresholds(100_000, 9_985 + 2_496 + 100, 19_995 + 4_998 + 100), throttle.GlobalDirtyLimits(memory, settings, Writer with { RealTime = true }, 3200));
    }

    [Fact]
    public void Dirty_bytes_override_the_ratio_rounded_up_to_pages()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V2_6_29, Faults.None);
        var settings = new ThrottleSettings { DirtyBytes = 4097, DirtyBackgroundBytes = 1 };

        Assert.Equal(new GlobalDirtyThresholds(10_001, 1, 2), throttle.GlobalDirtyLimits(Memory, settings, Writer, 0));
    }

    /// <summary>
    /// vm.dirty_bytes = 16 TiB makes the threshold 2^32 pages. wb_dirty_limits' zero test sees
    /// 2^32, but div_u64 divides by its low 32 bits, zero: an oops on a strictlimit device (FUSE)
    /// from 3.19 to 6.7; 6.8's 64-bit division is in 6.9 (6.10 instead refuses such limits).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19, "bdi_dirty_limits: division by zero: div_u64 takes a u32 divisor, and dirty_thresh = 4294967296 truncates to 0")]
    [InlineData(KernelEra.V4_13, "wb_dirty_limits: division by zero: div_u64 takes a u32 divisor, and dtc->thresh = 4294967296 truncates to 0")]
    [InlineData(KernelEra.V5_0, "wb_dirty_limits: division by zero: div_u64 takes a u32 divisor, and dtc->thresh = 4294967296 truncates to 0")]
    [InlineData(KernelEra.V6_9, null)]
    public void Sixteen_terabytes_of_dirty_bytes_divide_by_zero_on_a_strictlimit_device_until_6_8(KernelEra era, string? expected)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var input = new ThrottlePassInput(
            Memory, new ThrottleSettings { DirtyBytes = 1UL << 44 }, Writer, new BdiWriteback { Strictlimit = true, Numerator = 1, Denominator = 1, WbDirty = 1 },
            NrDirty: 1, DomainDirtyLimit: 0, PagesDirtied: 1, Think: null, Dirtied: 0, Elapsed: PageWritebackThrottle.BandwidthInterval);

        if (expected is null)
        {
            Assert.True(throttle.BalanceDirtyPagesPass(input).Freerun);
        }
        else
        {
            Assert.Equal(expected, Assert.Throws<KernelArithmeticException>(() => throttle.BalanceDirtyPagesPass(input)).Message);
        }
    }

    [Fact]
    public void The_2_6_20_era_has_none_of_these_functions()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PageWritebackThrottle(KernelEra.V2_6_20, Faults.None));

        Assert.Contains("2.6.20 has 2.6.20's throttle", error.Message);
    }
}
