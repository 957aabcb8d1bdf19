using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// memcg limit reclaim runs do_try_to_free_pages' priority loop over the memcg's own pages
/// (try_to_free_mem_cgroup_pages), with each era's scan count for a memcg: size &gt;&gt; priority
/// at once (2.6.29, 4.11 on), deferred in the memcg's saved count until a batch (2.6.32 to 3.0),
/// at least min(size, SWAP_CLUSTER_MAX) (force_scan, 3.2 to 4.10).
/// </summary>
public sealed class MemcgPriorityLoopTests
{
    private static (World World, MemCgroup Memcg) Full(KernelEra era, int pages)
    {
        var world = new World(pages, dirty: false, new KernelConfig { Era = era });
        var memcg = new MemCgroup("job", pages) { HardLimit = true };
        memcg.Charge(world.Mapping);
        return (world, memcg);
    }

    private static int Left(World world, int pages) =>
        Enumerable.Range(0, pages).Count(index => world.Mapping.Pages.Load(index) is not null);

    [Theory]
    [InlineData(KernelEra.V2_6_29, 0, 1)]
    [InlineData(KernelEra.V2_6_36, 8, 2)]
    [InlineData(KernelEra.V3_19, 8, 2)]
    [InlineData(KernelEra.V4_13, 0, 2)]
    [InlineData(KernelEra.V6_9, 0, 2)]
    public void A_charge_over_a_40_page_memcg_s_limit_frees_what_the_eras_rounds_scan(KernelEra era, int left, long failcnt)
    {
        // 40 clean pages. 2.6.29, 4.13 and 6.9 scan 40 >> priority from the first priority that
        // gives a page: 1, 2, 4, 8, 12 pages at priorities 5 to 1 (27), then the 13 left at
        // priority 0, the round that passes SWAP_CLUSTER_MAX: every page goes. 2.6.36 saves
        // 1, 2, 5, 10 in the memcg's count and scans 38 at priority 1, stopping after the first
        // batch of 32 (nr_reclaimed >= nr_to_reclaim below DEF_PRIORITY). 3.19's force_scan takes
        // min(40, 32) at DEF_PRIORITY and stops at 32. From 2.6.33 the charge first asks for a
        // batch, whose refusal counts in failcnt before the single page's (cdec2e4265df, 2.6.33;
        // 3.19's try_charge lowers batch to nr_pages and retries; docs/memcg-reclaim.md).
        var (world, memcg) = Full(era, pages: 40);

        Assert.NotNull(world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 40, Gfp.Kernel)));

        Assert.Equal(left, Left(world, 40));
        Assert.Equal(failcnt, memcg.Failcnt);
        Assert.Empty(memcg.OomKills);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 1, false)]
    [InlineData(KernelEra.V2_6_36, 7, true)]
    [InlineData(KernelEra.V3_19, 2, false)]
    [InlineData(KernelEra.V6_9, 2, false)]
    public void Before_3_0_a_memcg_smaller_than_a_batch_is_never_scanned_and_its_charge_ends_in_the_memcg_OOM(KernelEra era, long charges, bool oom)
    {
        // 2 clean pages. 2.6.36 adds 2 >> 1 and 2 >> 0 to the memcg's saved count each charge
        // round (3), and six rounds never bring it to SWAP_CLUSTER_MAX: nothing is scanned, the
        // retries run out, the memcg OOM kills the charger and its retry forces the charge over
        // the limit (KAMEZAWA Hiroyuki's "memcg: fix vmscan count in small memcgs", 3.0, ended
        // it). 2.6.29 scans the memcg at once, 3.19 by force_scan, 6.9 size >> priority: both
        // pages go and the page is charged. From 2.6.33 the refused batch of the first try counts
        // in failcnt too: one more than the rounds.
        var (world, memcg) = Full(era, pages: 2);

        Assert.NotNull(world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.Kernel)));

        Assert.Equal(charges, memcg.Failcnt);
        Assert.Equal(oom ? ["test"] : [], memcg.OomKills);
        Assert.Equal(oom ? 2 : 0, Left(world, 2));
    }
}
