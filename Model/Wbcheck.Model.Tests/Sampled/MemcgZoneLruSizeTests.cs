using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A memcg's LRU size in a zone (mem_cgroup_zone_nr_lru_pages; lruvec_lru_size from 4.8) counts
/// the memcg's own pages in that zone, not the zone's: the pages of other files in the zone,
/// charged elsewhere or not at all, do not enlarge what memcg reclaim scans. It matters most in
/// 2.6.36, whose memcg scan count is deferred in the memcg's saved count until it reaches
/// SWAP_CLUSTER_MAX (nr_scan_try_batch): a 2-page memcg adds 2 &gt;&gt; 1 + 2 &gt;&gt; 0 = 3 a charge
/// round and never gets there, whatever else the zone holds, and its charge ends in the memcg OOM
/// (as <see cref="Memcg.MemcgPriorityLoopTests"/> shows for a zone with nothing else in it).
/// </summary>
public sealed class MemcgZoneLruSizeTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_small_memcg_s_scan_count_is_its_own_pages_not_its_zone_s(KernelEra era, bool oom)
    {
        // The memcg's file: 2 clean pages at its limit. Another file of 100 clean pages, not
        // charged to it, in the same zone: counted in, 2.6.36's saved count would pass a batch
        // by priority 2 and the memcg's pages would go.
        var world = new World(pages: 2, dirty: false, new KernelConfig { Era = era });
        var other = world.Kernel.CreateInode(100, world.Fs);
        for (var index = 0; index < 100; index++)
        {
            world.Kernel.Filemap.AddCachedPage(other.Mapping, index, dirty: false);
        }

        var memcg = new MemCgroup("job", 2) { HardLimit = true };
        memcg.Charge(world.Mapping);
        Assert.All(Enumerable.Range(0, 2), index => Assert.Equal(world.Page(index).Zone, other.Mapping.Pages.Load(0)!.Zone));

        Assert.NotNull(world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.Kernel)));

        Assert.Equal(oom ? ["test"] : [], memcg.OomKills);
        Assert.Equal(oom ? 2 : 0, Enumerable.Range(0, 2).Count(index => world.Mapping.Pages.Load(index) is not null));
        Assert.Equal(100, Enumerable.Range(0, 100).Count(index => other.Mapping.Pages.Load(index) is not null));
    }
}
