using Wbcheck.Cli.Bench;

namespace Wbcheck.Cli.Tests.Bench;

/// <summary>The statistics of schedules to a bug: per-schedule odds from every schedule run, and an interval for the median.</summary>
public sealed class SchedulesToBugTests
{
    [Fact]
    public void The_odds_count_every_schedule_run_including_those_of_runs_that_found_nothing()
    {
        var odds = SchedulesToBug.Of([(true, 1), (true, 2), (true, 3), (false, 10)]);

        Assert.Equal(4, odds.Seeds);
        Assert.Equal(3, odds.Found);
        Assert.Equal(16, odds.Schedules);
        Assert.Equal(3.0 / 16, odds.PerSchedule, 12);
        Assert.Equal(2.5, odds.Median);
        Assert.Equal(4, odds.GeometricMedian);
    }

    [Fact]
    public void The_median_interval_is_between_order_statistics_that_narrow_as_seeds_grow()
    {
        // 1, 2, ..., n: the interval of the median of 20 is the 5th to the 16th value (it holds the
        // median with probability 0.99: the normal approximation errs wide for few seeds); of
        // 1000, the 469th to the 532nd (0.95).
        var twenty = SchedulesToBug.Of([.. Enumerable.Range(1, 20).Select(i => (true, i))]);
        var thousand = SchedulesToBug.Of([.. Enumerable.Range(1, 1000).Select(i => (true, i))]);

        Assert.Equal((10.5, 5, 16), (twenty.Median, twenty.MedianLow, twenty.MedianHigh));
        Assert.Equal((500.5, 469, 532), (thousand.Median, thousand.MedianLow, thousand.MedianHigh));
    }

    [Fact]
    public void The_odds_interval_holds_the_estimate_and_with_nothing_found_still_bounds_it()
    {
        var some = SchedulesToBug.Of([.. Enumerable.Repeat((true, 100), 50)]);
        var none = SchedulesToBug.Of([(false, 20_000), (false, 20_000)]);

        Assert.InRange(some.PerSchedule, some.PerScheduleLow, some.PerScheduleHigh);
        Assert.InRange(some.PerScheduleLow, 0.007, 0.01);
        Assert.InRange(some.PerScheduleHigh, 0.01, 0.014);
        Assert.Equal(0, none.PerSchedule);
        Assert.Equal(0, none.PerScheduleLow);
        Assert.InRange(none.PerScheduleHigh, 3.0 / 40_000 * 0.9, 3.0 / 40_000 * 1.4);
        Assert.Null(none.GeometricMedian);
    }
}
