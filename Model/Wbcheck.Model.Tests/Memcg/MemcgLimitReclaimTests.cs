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
    /// <summary>
    /// A world of <paramref name="pages"/> cached pages, its file charged to a memcg whose limit
    /// they fill; <paramref name="pinned"/> pages hold an extra reference (a long-term pin), so
    /// reclaim neither writes nor frees them in any era, and starts no I/O a nap would wait for.
    /// </summary>
    private static (World World, MemCgroup Memcg) Full(KernelEra era, int pages = 2, bool dirty = true, bool hardLimit = true, bool v2 = false, bool pinned = false)
    {
        var world = new World(pages, dirty, new KernelConfig { Era = era });
        var memcg = new MemCgroup("job", pages) { HardLimit = hardLimit, OnDefaultHierarchy = v2 };
        memcg.Charge(world.Mapping);
        if (pinned)
        {
            for (var index = 0L; index < pages; index++)
            {
                Filemap.FolioGet(world.Page(index));
            }
        }

        return (world, memcg);
    }

    private static Page? Charge(World world, long index, Gfp gfp) =>
        world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, index, gfp));

    [Theory]
    [InlineData(KernelEra.V2_6_29, 1)]
    [InlineData(KernelEra.V3_19, 2)]
    [InlineData(KernelEra.V6_9, 2)]
    public void A_page_over_the_limit_is_charged_after_reclaim_frees_one_of_the_memcg(KernelEra era, long refused)
    {
        var (world, memcg) = Full(era, dirty: false);

        var page = Charge(world, 2, Gfp.Kernel);

        // Reclaim aims at SWAP_CLUSTER_MAX pages, not one: both clean pages go. From 2.6.33 the
        // batch is refused before the page (2); after the reclaim the page alone is charged, so
        // nothing is stocked.
        Assert.NotNull(page);
        Assert.Equal(1, memcg.Usage);
        Assert.Equal(0, memcg.Stocked);
        Assert.Equal(refused, memcg.Failcnt);
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
    [InlineData(KernelEra.V2_6_29, 6, true, false)]
    [InlineData(KernelEra.V2_6_36, 7, true, true)]
    [InlineData(KernelEra.V3_19, 8, false, false)]
    [InlineData(KernelEra.V4_13, 8, false, false)]
    [InlineData(KernelEra.V4_17, 8, false, false)]
    [InlineData(KernelEra.V4_20, 9, true, true)]
    [InlineData(KernelEra.V5_0, 9, true, true)]
    [InlineData(KernelEra.V6_9, 36, true, false)]
    public void A_charge_reclaim_cannot_help_fails_the_eras_number_of_times_then_the_OOM_path_kills_and_fails_or_forces_it(KernelEra era, long charges, bool kills, bool chargesOverLimit)
    {
        // GFP_NOIO: no wait on writeback and no ->writepage in any era, so nothing is freed.
        var (world, memcg) = Full(era);

        var page = Charge(world, 2, Gfp.NoIo);

        // The first try, then one a retry: MEM_CGROUP_RECLAIM_RETRIES (5), MAX_RECLAIM_RETRIES (16)
        // in 6.x; from 2.6.33 the first try is refused twice, the batch then the page; from 3.19
        // one more round drains the per-cpu stocks first (2 + 1 + 5). 2.6.29 fails after its kill
        // (1 + 5), 2.6.36 (2 + 5) bypasses the counter for the dying charger; 3.19 to 4.17 kill
        // nobody from write(2)'s charge. 4.20 and 5.0 retry after the kill, and the counter's 9th
        // refusal finds the charger dying and forces it; 6.9 renews its 16 retries for the victim
        // (19 + 17, the batch asked for once a charge) and fails it (passed_oom && task_is_dying).
        Assert.Equal(charges, memcg.Failcnt);
        Assert.Equal(kills ? ["test"] : [], memcg.OomKills);
        Assert.Equal(chargesOverLimit, page is not null);
        Assert.Equal(chargesOverLimit ? 3 : 2, memcg.Usage);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void The_memcg_OOM_victim_is_an_OOM_victim_with_SIGKILL_pending(KernelEra era)
    {
        var (world, _) = Full(era);
        var oom = world.Kernel.PageAlloc.Oom;

        var (pending, exits) = world.Run(async () =>
        {
            _ = await world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.NoIo);
            return (world.Kernel.PageAlloc.FatalSignalPending, oom.GetSignal());
        });

        Assert.True(pending);
        Assert.True(exits);
        var kill = Assert.Single(oom.Kills);
        Assert.Equal(("test", "job"), (kill.Victim, kill.Memcg));
        Assert.StartsWith("mem_cgroup_out_of_memory (memcg job): test invoked", kill.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, oom.LiveVictims);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 6, true)]
    [InlineData(KernelEra.V2_6_36, 7, true)]
    [InlineData(KernelEra.V4_20, 9, false)]
    [InlineData(KernelEra.V5_0, 9, false)]
    [InlineData(KernelEra.V6_9, 36, false)]
    public void The_memcg_OOM_victim_s_next_write_bypasses_the_limit_in_2_6_and_ends_on_its_fatal_signal_from_4_13(KernelEra era, long charges, bool written)
    {
        // The victim's first write is killed in its charge; its second, before it returns to user
        // space: 2.6.x's dying charger skips the counter (TIF_MEMDIE, "Don't account this!") and
        // writes; from the 4.13 era generic_perform_write sees the fatal signal first (-EINTR).
        // Pinned: 2.6.x's memcg reclaim would otherwise write the dirty pages, nap for the
        // writes, and free them (do_try_to_free_pages' congestion_wait is memcg reclaim's too).
        var (world, memcg) = Full(era, pinned: true);
        var file = world.Kernel.Open(world.Inode);

        var next = world.Run(async () =>
        {
            _ = await world.Filemap.GenericPerformWrite(file, 2);
            return await world.Filemap.GenericPerformWrite(file, 3);
        });

        Assert.Equal(charges, memcg.Failcnt);
        Assert.Equal(written, next > 0);
        Assert.Equal(written, world.Mapping.Pages.Load(3) is not null);
        if (!written)
        {
            Assert.Equal(Errno.EINTR, next);
        }

        Assert.Equal(["test"], memcg.OomKills);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void While_a_memcg_victim_lives_the_global_OOM_killer_kills_nobody(KernelEra era)
    {
        var (world, memcg) = Full(era);
        var oom = world.Kernel.PageAlloc.Oom;

        _ = Charge(world, 2, Gfp.NoIo);
        world.Runtime.Run("other", async () =>
        {
            oom.OutOfMemory("a page");
            await Task.CompletedTask;
        });

        Assert.Equal(["test"], memcg.OomKills);
        Assert.Equal(1, oom.Aborts);
        Assert.Single(oom.Kills);
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

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void Memcg_reclaim_marks_an_unmarked_page_under_writeback_and_passes_over_it(KernelEra era)
    {
        // shrink_page_list's PageWriteback case (3.x; case 2 from 4.x): a page not yet marked
        // PG_reclaim is marked and kept ("SetPageReclaim(page); nr_writeback++; goto
        // keep_locked") [R]; only one marked by an earlier scan is waited on. One page's pass
        // (a charge's reclaim would take the page again in its next round and wait then).
        var (world, memcg) = Full(era);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        var page = world.Page(0);
        Assert.True(page.Writeback && !page.Reclaim, page.FlagString());
        var stat = new ReclaimStat { NrTaken = 1, TargetMemCgroup = memcg, GfpMask = Gfp.Kernel };
        Filemap.FolioGet(page); // isolate_lru_pages' reference

        world.Run(async () => _ = await world.Kernel.Vmscan.ShrinkIsolatedFolio(page, kswapd: false, mayWritepage: true, stat));

        Assert.True(page.Writeback && page.Reclaim, page.FlagString());
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
