using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The DirtyLimitsIn32Bits fault is get_dirty_limits of 2.6.20 on a 32-bit long: "dirty_ratio *
/// available_memory / 100" overflows only once the product passes 2^31. Below that it is the
/// kernel's own arithmetic, so a machine that small gets the same thresholds with the fault as
/// without it: the fault injects the overflow and nothing else.
/// </summary>
public sealed class DirtyLimits32BitNoOverflowTests
{
    [Fact]
    public void Below_the_overflow_the_32_bit_limits_are_the_kernels()
    {
        var era = KernelConfig.Default with { Era = KernelEra.V2_6_20 };
        var plain = new ThrottleWorld(config: era).Limits();
        var narrow = new ThrottleWorld(faults: Faults.None with { DirtyLimitsIn32Bits = true }, config: era).Limits();

        // 100 pages: dirty_ratio and dirty_background_ratio of the dirtyable memory, rounded down as C does.
        Assert.Equal(plain, narrow);
        Assert.True(narrow.Dirty > 0 && narrow.Background > 0);
    }
}
