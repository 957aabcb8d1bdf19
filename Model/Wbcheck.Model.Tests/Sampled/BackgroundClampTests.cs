using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The background threshold is kept below the dirty threshold: "if (background &gt;= dirty)
/// background = dirty / 2" (global_dirty_limits 3.18; domain_dirty_limits 4.19, bg_thresh &gt;=
/// thresh), equal ratios included. 10,000 dirtyable pages, both ratios 20%: 3.19 takes 2,000 and
/// halves the background to 1,000; 4.13 takes 819/4096 of them, 1,999, and 999.
/// </summary>
public sealed class BackgroundClampTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, 1_000UL, 2_000UL)]
    [InlineData(KernelEra.V4_13, 999UL, 1_999UL)]
    public void A_background_ratio_equal_to_the_dirty_ratio_is_halved(KernelEra era, ulong background, ulong dirty)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var settings = new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 20 };

        var limits = throttle.GlobalDirtyLimits(new MemoryCounters { FileLru = 9_999 }, settings, new TaskStruct { Comm = "writer" }, 0);

        Assert.Equal(new GlobalDirtyThresholds(10_000, background, dirty), limits);
    }
}
