using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// div_u64 (include/linux/math64.h) takes a u32 divisor: a divisor of 0 is a plain division by
/// zero, and a wider value that truncates to 0 (2^32) divides by zero too. The report says
/// which, so a user knows whether the value was 0 or too wide for the call.
/// </summary>
public sealed class DivU64ZeroMessageTests
{
    [Fact]
    public void A_zero_divisor_is_named_as_zero_and_a_truncated_one_as_truncated()
    {
        var zero = Assert.Throws<KernelArithmeticException>(() => Math64.DivU64(10, 0, "wb_update_dirty_ratelimit", "dirty_rate"));
        Assert.Equal("wb_update_dirty_ratelimit: division by zero: div_u64 by dirty_rate = 0", zero.Message);

        var wide = Assert.Throws<KernelArithmeticException>(() => Math64.DivU64(10, 1UL << 32, "wb_update_dirty_ratelimit", "dirty_rate"));
        Assert.Equal("wb_update_dirty_ratelimit: division by zero: div_u64 takes a u32 divisor, and dirty_rate = 4294967296 truncates to 0", wide.Message);
    }
}
