using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Throttle;

/// <summary>
/// The throttle-arithmetic property catches each rule it states: every check is seen to fail on
/// a model with the matching bug, shrunk to a case no single shrinking step makes smaller, and
/// 3.19's real undefined shift is found as the era table says. Whether each era holds is
/// EraPropertyCatalogTests' job. Each check runs the matrix's fixed seed, so its shrunk case is
/// the same every run; with other seeds every fault was found within the first 200 of the 1000
/// cases, and the shrunk case, where not asserted exactly, is checked to be one no single
/// shrinking step reduces.
/// </summary>
public sealed class ThrottleArithmeticPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void On_3_19_the_undefined_shift_of_the_ratelimit_step_is_found_with_the_smallest_rate()
    {
        var (failure, smallest) = Fail(KernelEra.V3_19, Faults.None);

        Assert.Contains("bdi_update_dirty_ratelimit: shift out of bounds: dirty_ratelimit / (2 * step + 1) = 64 is not below BITS_PER_LONG (64)", failure.Message);
        Assert.Equal(64, smallest.DirtyRatelimit);
        Assert.Null(ThrottleArithmeticProperty.Check(smallest with { DirtyRatelimit = 63 }, KernelEra.V3_19, Faults.None));
        Assert.Null(ThrottleArithmeticProperty.Check(smallest, KernelEra.V4_13, Faults.None));
    }

    [Fact]
    public void A_missing_zero_guard_in_wb_dirty_limits_divides_by_a_zero_threshold()
    {
        var (failure, smallest) = Fail(KernelEra.V4_13, Faults.None with { WbDirtyLimitsWithoutZeroGuard = true });

        Assert.Contains("wb_dirty_limits: division by zero: div_u64 by dtc->thresh = 0", failure.Message);
        Assert.Equal(0, smallest.DirtyRatio);
    }

    /// <summary>
    /// The one fault whose region needs several counts to move together: FsCheck stops after
    /// its 5000 shrinking attempts a little short of the least case, so the test carries the
    /// same shrinker on to a case no step reduces, and checks it still shows the uncapped pause: one page at one page a second, a whole second.
    /// </summary>
    [Fact]
    public void A_pause_not_capped_at_max_pause_is_caught()
    {
        var faults = Faults.None with { PauseNotCappedAtMaxPause = true };
        var (failure, shrunk) = Fail(KernelEra.V6_9, faults, fsCheckReachesTheLeast: false);
        var least = ShrinkOn(shrunk, c => ThrottleArithmeticProperty.Check(c, KernelEra.V6_9, faults) is not null);

        Assert.Matches("the pause [0-9]+ is not within 0 to max_pause [0-9]+", failure.Message);
        Assert.Matches("the pause 100 is not within 0 to max_pause [0-9]+: .*task_ratelimit 1;", ThrottleArithmeticProperty.Check(least, KernelEra.V6_9, faults));
        Assert.Null(ThrottleArithmeticProperty.Check(least, KernelEra.V6_9, Faults.None));
        Assert.Equal(1, least.PagesDirtied);
    }

    [Fact]
    public void A_max_pause_over_MAX_PAUSE_is_caught()
    {
        var (failure, _) = Fail(KernelEra.V6_9, Faults.None with { MaxPauseNotCapped = true });

        Assert.Matches("max_pause [0-9]+ is over MAX_PAUSE \\(20\\)", failure.Message);
    }

    [Fact]
    public void A_min_pause_over_max_pause_is_caught()
    {
        var (failure, _) = Fail(KernelEra.V6_9, Faults.None with { MinPauseNotTrimmed = true });

        Assert.Matches("min_pause [0-9]+ is over max_pause [0-9]+", failure.Message);
    }

    [Fact]
    public void A_freerun_poll_interval_of_zero_is_caught_on_an_empty_machine()
    {
        var (failure, smallest) = Fail(KernelEra.V6_9, Faults.None with { DirtyPollIntervalMayBeZero = true });

        Assert.Contains("a freerun task looks again after 0 pages", failure.Message);
        Assert.Equal(new ThrottleCase(), smallest);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void Background_not_kept_below_dirty_is_caught_with_one_byte_of_background_on_an_empty_machine(KernelEra era)
    {
        var (failure, smallest) = Fail(era, Faults.None with { NoBackgroundBelowDirtyClamp = true });

        Assert.Contains("the background threshold is not below the dirty one: dirtyable 1, background 1, dirty 0", failure.Message);
        Assert.Equal(new ThrottleCase { DirtyBackgroundBytes = 1 }, smallest);
    }

    [Fact]
    public void A_missing_five_percent_floor_is_caught_before_2_6_37_only()
    {
        var faults = Faults.None with { NoDirtyRatioFloor = true };
        var (failure, smallest) = Fail(KernelEra.V2_6_29, faults);

        Assert.Contains("the dirty threshold 0 is below the 5% floor (1 of 20 pages)", failure.Message);
        Assert.Equal(0, smallest.DirtyRatio);
        Assert.Null(ThrottleArithmeticProperty.Check(smallest, KernelEra.V3_19, faults));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void A_forgotten_boost_is_caught(KernelEra era)
    {
        var (failure, smallest) = Fail(era, Faults.None with { ThrottleBoostForgotten = true });

        Assert.Contains("a boosted task got", failure.Message);
        Assert.True(smallest.RealTime || smallest.LessThrottle);
    }

    /// <summary>
    /// Check <paramref name="era"/> with <paramref name="faults"/>; it must fail. Returns the
    /// failure and the shrunk case, asserting that no one shrinking step of it still fails.
    /// </summary>
    private (PropertyFailedException Failure, ThrottleCase Smallest) Fail(KernelEra era, Faults faults, bool fsCheckReachesTheLeast = true)
    {
        var (failure, smallest) = ShrunkFailure.Find(ThrottleArithmeticProperty.Name, ThrottleCase.Arbitrary, c => ThrottleArithmeticProperty.Check(c, era, faults), output);
        Assert.Equal(smallest.ToString(), failure.Counterexample);
        if (fsCheckReachesTheLeast)
        {
            Assert.All(ThrottleCase.Shrink(smallest), c => Assert.Null(ThrottleArithmeticProperty.Check(c, era, faults)));
        }

        return (failure, smallest);
    }

    /// <summary>Take the first failing shrink of <paramref name="c"/> until none fails.</summary>
    private static ThrottleCase ShrinkOn(ThrottleCase c, Func<ThrottleCase, bool> fails)
    {
        while (ThrottleCase.Shrink(c).FirstOrDefault(fails) is { } smaller)
        {
            c = smaller;
        }

        return c;
    }
}
