using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// wb_domain_init (mm/page-writeback.c, 4.19), for a memcg's wb_domain: dirty_limit 0 (the
/// memset) and dirty_limit_tstamp = jiffies, so domain_update_bandwidth first moves the
/// domain's dirty_limit a BANDWIDTH_INTERVAL after the memcg was made, not at once.
/// </summary>
public sealed class MemcgDomainInitTests
{
    [Fact]
    public void A_memcgs_domain_is_stamped_with_the_jiffies_it_was_made_at()
    {
        var memcg = new MemCgroup("job", memoryMax: 50, jiffies: 1000);

        Assert.Equal(1000, memcg.DirtyLimitTstamp);
        Assert.Equal(0UL, memcg.DirtyLimit);
    }
}
