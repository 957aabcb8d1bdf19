using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// ilog2 of a run-time value is fls64(n) - 1 [R]: the highest set bit's number, and -1 for 0
/// (fls64(0) is 0), which the throttle's callers either rule out or take as it comes.
/// </summary>
public sealed class Ilog2ZeroTests
{
    [Theory]
    [InlineData(0UL, -1L)]
    [InlineData(1UL, 0L)]
    [InlineData(8UL, 3L)]
    [InlineData(9UL, 3L)]
    [InlineData(ulong.MaxValue, 63L)]
    public void Ilog2_is_the_highest_set_bit_and_minus_one_for_zero(ulong value, long expected) =>
        Assert.Equal(expected, Math64.Ilog2(value));
}
