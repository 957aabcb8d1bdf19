using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// What shrink_folio_list and pageout (mm/vmscan.c) leave behind: a freed page holds no
/// reference, and the -&gt;writepage reclaim calls is given SWAP_CLUSTER_MAX pages of budget,
/// which a filesystem that writes clusters spends on the neighbours it takes.
/// </summary>
public sealed class ReclaimWriteoutTests
{
    private static ReclaimResult Reclaim(World world, long index)
    {
        var page = world.Page(index);
        Filemap.FolioGet(page); // isolation
        return world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page));
    }

    [Fact]
    public void A_page_reclaim_frees_holds_no_reference()
    {
        // __remove_mapping freezes the count at 0 (folio_ref_freeze, page_ref_freeze before),
        // taking the page cache's reference and reclaim's own; the page is freed with none.
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);

        Assert.Equal(ReclaimResult.Freed, Reclaim(world, 0));

        Assert.True(page.Freed);
        Assert.Equal(0, page.RefCount);
    }

    [Fact]
    public void Reclaim_gives_writepage_swap_cluster_max_pages_to_spend_on_a_cluster()
    {
        // 2.6.29's pageout: .nr_to_write = SWAP_CLUSTER_MAX (32); xfs_cluster_write takes
        // neighbours of the page while the budget lasts, one page of it each.
        var world = new World(pages: 40, config: new KernelConfig { Era = KernelEra.V2_6_29 }, fs: new SimpleFsOptions { ClusterPages = 40 });

        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));

        Assert.All(Enumerable.Range(0, 33), index => Assert.True(world.Page(index).Writeback, $"page {index}"));
        Assert.All(Enumerable.Range(33, 7), index => Assert.True(world.Page(index).Dirty && !world.Page(index).Writeback, $"page {index}"));
    }

    [Fact]
    public void A_reclaim_that_finds_the_page_held_elsewhere_drops_the_tree_lock()
    {
        // __remove_mapping's cannot_free path: xa_unlock_irq before returning 0. A tree lock
        // left held would make the reclaiming thread's next preemption point a sleep while
        // atomic; here that thread goes on to write the file back.
        var world = new World(pages: 2, dirty: false);
        var page = world.Page(0);
        Filemap.FolioGet(page); // e.g. a lookup holds it
        Filemap.FolioGet(page); // isolation

        var (result, error) = world.Run(async () =>
        {
            var reclaimed = await world.Kernel.Vmscan.ShrinkFolio(page);
            await world.Pw.FolioMarkDirty(world.Page(1));
            return (reclaimed, await world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));
        });

        Assert.Equal(ReclaimResult.Kept, result);
        Assert.Equal(0, error);
        Assert.True(world.Page(1).Writeback);
    }
}
