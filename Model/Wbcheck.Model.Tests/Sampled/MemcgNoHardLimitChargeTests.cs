using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A memcg without a hard limit (memory.max "max", the default) has a page counter whose max is
/// PAGE_COUNTER_MAX, so page_counter_try_charge never fails ("if (new &gt; c-&gt;max) goto failed" is
/// never taken) [R]; its memory.high, the throttle's ceiling, fails no charge (its reclaim on the
/// way back to user space is not modelled). A charge of a batch at or over memory.high succeeds
/// and counts no failure; the same charge with the hard limit is refused.
/// </summary>
public sealed class MemcgNoHardLimitChargeTests
{
    [Theory]
    [InlineData(false, true, 0L)]
    [InlineData(true, false, 1L)]
    public void A_charge_over_memory_high_fails_only_under_a_hard_limit(bool hardLimit, bool charged, long failcnt)
    {
        var world = new World(2, dirty: true, new KernelConfig { Era = KernelEra.V6_9 });
        var memcg = new MemCgroup("job", 2) { HardLimit = hardLimit };
        memcg.Charge(world.Mapping);
        Assert.Equal(2L, memcg.Usage);

        Assert.Equal((charged, failcnt), (memcg.PageCounterTryCharge(32), memcg.Failcnt));
    }
}
