using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// bdi_min_pause (3.18) and wb_min_pause (4.19), HZ 100 (roundup_pow_of_two(HZ) 128),
/// DIRTY_POLL_THRESH 32: when the 10 ms target (t = 1) gives fewer than 32 pages, the target
/// becomes max_pause; if that gives more than DIRTY_POLL_THRESH pages, the pages are cut back to
/// DIRTY_POLL_THRESH and t to HZ x DIRTY_POLL_THRESH / dirty_ratelimit. At a dirty_ratelimit of
/// 1,000 pages a second and max_pause 20: 1,000 / 128 = 7 pages, then 1,000 x 20 / 128 = 156,
/// cut to 32 pages and t = 3,200 / 1,000 = 3; their pause at a task ratelimit of 1,000,
/// 3,200 / 1,001 = 3, is within max_pause, so the 32 stand: nr_dirtied_pause 32, and min_pause
/// 1 + t / 2 = 2 (the pages reach DIRTY_POLL_THRESH).
/// </summary>
public sealed class MinPausePollThreshTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    public void Pages_over_the_poll_threshold_at_max_pause_are_cut_back_to_it(KernelEra era)
    {
        var throttle = new PageWritebackThrottle(era, Faults.None);

        var result = throttle.WbMinPause(new BdiWriteback { AvgWriteBandwidth = 1 }, 1, 20, 1_000, 1_000);

        Assert.Equal((2L, 32), result);
    }
}
