using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// memcg limit reclaim (docs/memcg-reclaim.md): a page-cache page is charged to its mapping's
/// memcg, a charge over the hard limit reclaims from the memcg's own pages and retries the era's
/// number of times, then ends in the memcg OOM path; memcg reclaim waits on a PG_reclaim page
/// under writeback only where the era and the charge's gfp mask let it.
/// </summary>
public sealed class MemcgLimitReclaimTests
{
    /// <summary>A world of <paramref name="pages"/> cached pages, its file charged to a memcg whose limit they fill.</summary>
    private static (World World, MemCgroup Memcg) Full(KernelEra era, int pages = 2, bool dirty = true, bool hardLimit = true, bool v2 = false)
    {
        var world = new World(pages, dirty, new KernelConfig { Era = era });
        var memcg = new MemCgroup("job", pages) { HardLimit = hardLimit, OnDefaultHierarchy = v2 };
        memcg.Charge(world.Mapping);
        return (world, memcg);
    }

    private static Page? Charge(World world, long index, Gfp gfp) =>
        world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, index, gfp));

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_over_the_limit_is_charged_after_reclaim_frees_one_of_the_memcg(KernelEra era)
    {
        var (world, memcg) = Full(era, dirty: false);

        var page = Charge(world, 2, Gfp.Kernel);

        // Reclaim aims at SWAP_CLUSTER_MAX pages, not one: both clean pages go.
        Assert.NotNull(page);
        Assert.Equal(1, memcg.Usage);
        Assert.Equal(1, memcg.Failcnt);
        Assert.All(new long[] { 0, 1 }, index => Assert.Null(world.Mapping.Pages.Load(index)));
    }

    [Fact]
    public void Without_a_hard_limit_the_ceiling_is_charged_nothing_and_reclaims_nothing()
    {
        var (world, memcg) = Full(KernelEra.V6_9, dirty: false, hardLimit: false);

        Assert.NotNull(Charge(world, 2, Gfp.Kernel));

        Assert.Equal(3, memcg.Usage);
        Assert.Equal(0, memcg.Failcnt);
    }

    [Theory]
    [InlineData(KernelEra.V4_13, 6)]
    [InlineData(KernelEra.V6_9, 17)]
    public void A_memcg_full_of_pages_reclaim_cannot_free_retries_the_eras_number_of_times(KernelEra era, long charges)
    {
        // Dirty pages: memcg reclaim is not kswapd, and from 3.2 leaves them to the flusher.
        var (world, memcg) = Full(era);

        Assert.Null(Charge(world, 2, Gfp.Kernel));

        // The first try, then one a retry: MEM_CGROUP_RECLAIM_RETRIES (5), MAX_RECLAIM_RETRIES (16) in 6.x.
        Assert.Equal(charges, memcg.Failcnt);
        Assert.Equal(2, memcg.Usage);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, true, false)]
    [InlineData(KernelEra.V2_6_36, true, true)]
    [InlineData(KernelEra.V3_19, false, false)]
    [InlineData(KernelEra.V4_13, false, false)]
    [InlineData(KernelEra.V4_17, false, false)]
    [InlineData(KernelEra.V4_20, true, true)]
    [InlineData(KernelEra.V5_0, true, true)]
    [InlineData(KernelEra.V6_9, true, false)]
    public void The_memcg_OOM_path_kills_the_charger_and_fails_or_forces_the_charge_by_era(KernelEra era, bool kills, bool chargesOverLimit)
    {
        // GFP_NOIO: no wait on writeback and no ->writepage in any era, so nothing is freed.
        var (world, memcg) = Full(era);

        var page = Charge(world, 2, Gfp.NoIo);

        Assert.Equal(kills ? ["test"] : [], memcg.OomKills);
        Assert.Equal(chargesOverLimit, page is not null);
        Assert.Equal(chargesOverLimit ? 3 : 2, memcg.Usage);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, Gfp.Kernel, false, false)]
    [InlineData(KernelEra.V3_19, Gfp.Kernel, false, true)]
    [InlineData(KernelEra.V3_19, Gfp.NoFs, false, true)]
    [InlineData(KernelEra.V3_19, Gfp.NoIo, false, false)]
    [InlineData(KernelEra.V4_13, Gfp.Kernel, false, true)]
    [InlineData(KernelEra.V4_13, Gfp.NoFs, false, false)]
    [InlineData(KernelEra.V4_13, Gfp.Kernel, true, false)]
    [InlineData(KernelEra.V6_9, Gfp.Kernel, false, true)]
    [InlineData(KernelEra.V6_9, Gfp.NoFs, false, false)]
    [InlineData(KernelEra.V6_9, Gfp.Kernel, true, false)]
    public void Memcg_reclaim_waits_on_a_marked_page_under_writeback_where_the_era_and_gfp_mask_let_it(KernelEra era, Gfp gfp, bool v2, bool waits)
    {
        var (world, _) = Full(era, v2: v2);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        foreach (var index in new long[] { 0, 1 })
        {
            Assert.True(world.Page(index).Writeback);
            world.Page(index).Reclaim = true; // as an earlier scan left them
        }

        // The I/O is never completed here: a charge that waits for it would block for ever.
        if (waits)
        {
            var blocked = Assert.Throws<WouldBlockException>(() => Charge(world, 2, gfp));
            Assert.Contains("(0) would block on PG", blocked.Message, StringComparison.Ordinal);
        }
        else
        {
            _ = Charge(world, 2, gfp);
            Assert.True(world.Page(0).Writeback);
        }
    }

    [Fact]
    public void The_fault_that_drops_the_gfp_gates_makes_a_GFP_NOFS_charge_wait_on_6_9()
    {
        var world = new World(2, dirty: true, new KernelConfig { Era = KernelEra.V6_9, Faults = new Faults { MemcgReclaimWaitIgnoresGfp = true } });
        new MemCgroup("job", 2) { HardLimit = true, OnDefaultHierarchy = false }.Charge(world.Mapping);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.Page(0).Reclaim = true;

        Assert.Throws<WouldBlockException>(() => Charge(world, 2, Gfp.NoFs));
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    public void A_hard_limit_is_refused_on_an_era_without_the_memory_controller(KernelEra era)
    {
        var (world, _) = Full(era, dirty: false);

        var refused = Assert.Throws<KernelConfigException>(() => Charge(world, 2, Gfp.Kernel));

        Assert.Equal(EraSettings.MemcgLimit, refused.Setting);
        Assert.Contains("memory.limit_in_bytes is from 2.6.25", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_memcg_without_a_hard_limit_boots_on_the_list_era()
    {
        var (world, memcg) = Full(KernelEra.V2_5, dirty: false, hardLimit: false);

        Assert.NotNull(Charge(world, 2, Gfp.Kernel));
        Assert.Equal(3, memcg.Usage);
    }
}
