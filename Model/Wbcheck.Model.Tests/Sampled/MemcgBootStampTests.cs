using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// wb_domain_init stamps a memcg's domain with the jiffies it is made at. A memcg made without a
/// time is made at boot, when the model's clock reads 0: the cgroup-writeback scenarios and
/// properties make theirs so, and domain_update_bandwidth first moves its dirty_limit a
/// BANDWIDTH_INTERVAL (20 jiffies) after boot, not one jiffy later.
/// </summary>
public sealed class MemcgBootStampTests
{
    [Fact]
    public void A_memcg_made_at_boot_is_stamped_with_the_boot_jiffies()
    {
        var kernel = new Kernel(new Runtime.SequentialRuntime(), KernelConfig.Default);

        var memcg = new MemCgroup("job", memoryMax: 50);

        Assert.Equal(kernel.Timers.Jiffies, memcg.DirtyLimitTstamp);
        Assert.Equal(0L, memcg.DirtyLimitTstamp);
    }
}
