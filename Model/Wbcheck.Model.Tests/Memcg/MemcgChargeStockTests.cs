using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// The charge batch and the per-cpu stock (docs/memcg-reclaim.md, "The charge batch and the
/// stock"): from 2.6.33 a charge asks the counter for a batch and keeps what the page does not
/// use in the cpu's stock, which the memcg's next charges take; a batch that does not fit is
/// refused (memory.failcnt counts it) and the page alone is asked for. And 2.6.36's yield before
/// the retry after a memcg OOM that killed nobody.
/// </summary>
public sealed class MemcgChargeStockTests
{
    private static (World World, MemCgroup Memcg) Charged(KernelEra era, long limit, int pages = 2)
    {
        var world = new World(pages, dirty: false, new KernelConfig { Era = era });
        var memcg = new MemCgroup("job", limit) { HardLimit = true, OnDefaultHierarchy = false };
        memcg.Charge(world.Mapping);
        return (world, memcg);
    }

    private static Page? Charge(World world, AddressSpace mapping, long index) =>
        world.Run(() => world.Filemap.FilemapGetFolioForWrite(mapping, index, Gfp.Kernel));

    [Theory]
    [InlineData(KernelEra.V2_6_29, 100, 0)]
    [InlineData(KernelEra.V2_6_36, 100, 31)]
    [InlineData(KernelEra.V4_20, 100, 31)]
    [InlineData(KernelEra.V6_9, 100, 63)]
    public void A_charge_with_room_for_a_batch_stocks_the_rest_and_the_next_charge_takes_from_the_stock(KernelEra era, long limit, long stocked)
    {
        var (world, memcg) = Charged(era, limit);

        Assert.NotNull(Charge(world, world.Mapping, 2));

        // usage_in_bytes above the memcg's pages ("rss+cache <= usage_in_bytes" from 2.6.33).
        Assert.Equal(stocked, memcg.Stocked);
        Assert.Equal(3 + stocked, memcg.Usage);
        Assert.Equal(0, memcg.Failcnt);

        Assert.NotNull(Charge(world, world.Mapping, 3));

        Assert.Equal(Math.Max(stocked - 1, 0), memcg.Stocked);
        Assert.Equal(Math.Max(3 + stocked, 4), memcg.Usage);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 0)]
    [InlineData(KernelEra.V2_6_36, 1)]
    [InlineData(KernelEra.V3_19, 1)]
    [InlineData(KernelEra.V6_9, 1)]
    public void A_batch_that_does_not_fit_is_refused_and_the_page_alone_is_charged_without_reclaim(KernelEra era, long refused)
    {
        var (world, memcg) = Charged(era, limit: 10);

        Assert.NotNull(Charge(world, world.Mapping, 2));

        Assert.Equal(refused, memcg.Failcnt);
        Assert.Equal(0, memcg.Stocked);
        Assert.Equal(3, memcg.Usage);
        Assert.NotNull(world.Mapping.Pages.Load(0)); // nothing reclaimed
    }

    [Fact]
    public void A_charge_of_another_memcg_drains_the_stock_back_to_its_memcg()
    {
        var (world, first) = Charged(KernelEra.V4_20, limit: 100);
        var other = world.Kernel.CreateInode(4, world.Fs);
        var second = new MemCgroup("other", 100, id: MemCgroup.RootId + 2) { HardLimit = true };
        second.Charge(other.Mapping);

        Assert.NotNull(Charge(world, world.Mapping, 2));
        Assert.Equal(31, first.Stocked);
        Assert.NotNull(Charge(world, other.Mapping, 0));

        Assert.Same(second, world.Kernel.MemcgStock.Cached);
        Assert.Equal(0, first.Stocked);
        Assert.Equal(3, first.Usage);
        Assert.Equal(1 + 31, second.Usage);
    }

    [Fact]
    public void In_2_6_36_a_charger_the_memcg_OOM_spared_yields_before_each_retry_while_the_victim_lives()
    {
        // The first charger is killed and forced over the limit; it never exits. The second
        // finds the victim still exiting, kills nobody, and goes round again for as long as the
        // victim lives: each time through schedule_timeout(1), in TASK_RUNNING a yield.
        var world = new World(2, dirty: true, new KernelConfig { Era = KernelEra.V2_6_36 });
        var memcg = new MemCgroup("job", 2) { HardLimit = true, OnDefaultHierarchy = false };
        memcg.Charge(world.Mapping);
        Assert.NotNull(world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.NoIo)));
        world.Runtime.MaxSteps = 2_000;

        var looping = Assert.Throws<StepBoundExceededException>(() =>
            world.Runtime.Run("other", async () => await world.Filemap.FilemapGetFolioForWrite(world.Mapping, 3, Gfp.NoIo)));

        Assert.Contains("schedule_timeout(1) (other)", looping.Message, StringComparison.Ordinal);
        Assert.Equal(["test"], memcg.OomKills);
    }
}
