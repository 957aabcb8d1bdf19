using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// calc_period_shift of 2.6.29 returns 2 + ilog2(dirty_total - 1): the proportions' period/2
/// is the dirty total rounded up to a power of two, so a total one page over a power of two
/// doubles it.
/// </summary>
public sealed class PeriodShiftTests
{
    [Fact]
    public void A_dirty_total_one_over_a_power_of_two_rounds_up_to_the_next()
    {
        // 82 pages of memory are 83 dirtyable (the + 1 of determine_dirtyable_memory), 40% of
        // them is 33 pages (33.2 rounded down): 2 + ilog2(32) = 2 + 5 = 7, a period/2 of 64
        // events (where 32 pages, ThrottleEdgeTests' case, give 2 + ilog2(31) = 6).
        var world = new ThrottleWorld(new Machine { TotalPages = 82 }, config: new KernelConfig { Era = KernelEra.V2_6_29 });

        Assert.Equal(7, world.Throttle.CalcPeriodShift());
    }
}
