using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The I/O-less balance_dirty_pages' pieces on values worked out by hand: the position ratio's
/// cubic, the poll interval, the pause bounds, and one pass that pauses and one that runs free.
/// </summary>
public sealed class IoLessBalanceTests
{
    private static readonly PageWritebackThrottle Throttle = new(KernelEra.V6_9, Faults.None);

    [Theory]
    [InlineData(1000UL, 1000UL, 2000UL, 1024L)] // at the setpoint: 1.0
    [InlineData(1000UL, 2000UL, 2000UL, 5L)] // at the limit: not quite 0, the divisor is or-ed with 1 (the caller returns 0 there)
    [InlineData(1000UL, 0UL, 2000UL, 2042L)] // at the freerun ceiling: not quite 2.0, for the same reason
    [InlineData(1000UL, 0UL, 1500UL, 2048L)] // below it: clamped at 2.0
    [InlineData(1000UL, 1500UL, 2000UL, 896L)] // halfway up: 1 - (1/2)^3
    public void The_position_ratio_is_a_cubic_from_two_at_freerun_to_zero_at_the_limit(ulong setpoint, ulong dirty, ulong limit, long expected)
    {
        Assert.Equal(expected, Throttle.PosRatioPolynom(setpoint, dirty, limit));
    }

    [Theory]
    [InlineData(0UL, 1UL << 20, 1UL << 10)] // about the square root of the room left
    [InlineData(0UL, 1000UL, 16UL)]
    [InlineData(500UL, 500UL, 1UL)] // at or over the threshold: every page
    public void The_poll_interval_is_about_the_square_root_of_the_room_left(ulong dirty, ulong thresh, ulong expected)
    {
        Assert.Equal(expected, Throttle.DirtyPollInterval(dirty, thresh));
    }

    [Theory]
    [InlineData(25_600UL, 1_000UL, 1L)] // 100 MB/s drains 1000 pages in under a jiffy
    [InlineData(16UL, 1_000UL, 20L)] // a slow device: MAX_PAUSE
    [InlineData(16UL, 5UL, 3L)] // 5 pages at 2 pages a jiffy, plus one
    public void Max_pause_drains_at_most_the_device_pool_and_never_passes_MAX_PAUSE(ulong bandwidth, ulong wbDirty, long expected)
    {
        Assert.Equal(expected, Throttle.WbMaxPause(new BdiWriteback { AvgWriteBandwidth = bandwidth }, wbDirty));
    }

    [Theory]
    [InlineData(128UL, 12L, 11L)] // 128 pages at 999 pages a second: 12 jiffies, less 1 already spent
    [InlineData(32UL, 3L, 0L)] // 3 jiffies less 1 is under min_pause (3): no sleep, the time is credited
    public void A_dirtier_over_the_freerun_ceiling_sleeps_its_period_less_its_think_time(ulong pagesDirtied, long period, long pause)
    {
        // 100,000 dirtyable pages: thresholds 9,985 and 19,995, freerun ceiling 14,990, limit
        // 19,995, setpoint 17,492. There the position ratio is 1.0 (1023 after rounding), so the
        // task's rate is the device's dirty_ratelimit: 999 of 1000 pages a second.
        var input = new ThrottlePassInput(
            new MemoryCounters { FileLru = 99_999 },
            new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 10 },
            new TaskStruct { Comm = "writer" },
            new BdiWriteback { Numerator = 1, Denominator = 1, AvgWriteBandwidth = 25_600, DirtyRatelimit = 1_000, BalancedDirtyRatelimit = 1_000, WbDirty = 17_492 },
            NrDirty: 17_492, DomainDirtyLimit: 0, PagesDirtied: pagesDirtied, Think: 1, Dirtied: 200, Elapsed: 20);

        var pass = Throttle.BalanceDirtyPagesPass(input);

        Assert.False(pass.Freerun);
        Assert.Equal((1023UL, 999UL), (pass.PosRatio, pass.TaskRatelimit));
        Assert.Equal((3L, 11L), (pass.MinPause, pass.MaxPause));
        Assert.Equal((period, pause), (pass.Period, pass.Pause));
    }

    [Fact]
    public void A_dirtier_under_the_freerun_ceiling_goes_on_and_looks_again_later()
    {
        var input = new ThrottlePassInput(
            new MemoryCounters { FileLru = 99_999 },
            new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 10 },
            new TaskStruct { Comm = "writer" },
            new BdiWriteback(),
            NrDirty: 14_990, DomainDirtyLimit: 0, PagesDirtied: 32, Think: null, Dirtied: 0, Elapsed: 20);

        var pass = Throttle.BalanceDirtyPagesPass(input);

        Assert.True(pass.Freerun);
        Assert.Equal(64L, pass.NrDirtiedPause); // 19,995 - 14,990 = 5,005 pages of room: 2^(12 / 2)
    }
}
