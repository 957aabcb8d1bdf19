using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A right shift of an unsigned long (the throttle's arithmetic, e.g. wb_update_dirty_ratelimit's
/// step shift): defined for every shift below BITS_PER_LONG, 63 included; 64 and more is
/// undefined behaviour in C, which the model reports instead of computing.
/// </summary>
public sealed class ShiftBoundsTests
{
    [Fact]
    public void Every_shift_below_64_is_defined_and_64_is_refused()
    {
        Assert.Equal(1UL, Math64.ShiftRight(ulong.MaxValue, 63, "test", "shift"));
        Assert.Equal(ulong.MaxValue >> 62, Math64.ShiftRight(ulong.MaxValue, 62, "test", "shift"));
        Assert.Throws<KernelArithmeticException>(() => Math64.ShiftRight(ulong.MaxValue, 64, "test", "shift"));
    }
}
