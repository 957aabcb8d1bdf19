using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The active list, era by era: mark_page_accessed on a buffered write (to 4.6), PG_active set
/// where reclaim activates a page, the active list's way back to the inactive one
/// (refill_inactive, refill_inactive_zone, the split LRU's shrink_active_list, inactive_is_low),
/// the references page_check_references reads (2.6.34 on), and the rotation at the end of
/// writeback deactivating a page (4.11 on).
/// </summary>
public sealed class ActiveListTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, true)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_page_written_twice_goes_to_the_active_list_until_4_7(KernelEra era, bool activated)
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = era });
        var file = world.Kernel.Open(world.Inode);

        world.Run(() => world.Filemap.GenericPerformWrite(file, 1));
        Assert.Equal(activated, world.Page(1).PageReferenced);
        Assert.False(world.Page(1).Active);
        world.Run(() => world.Filemap.GenericPerformWrite(file, 1));

        Assert.Equal(activated, world.Page(1).Active);
        Assert.False(world.Page(1).PageReferenced);
        Assert.False(world.Page(0).Active);
        if (activated)
        {
            // activate_page moved it to the head: the reclaim order's last page.
            Assert.Same(world.Page(1), world.Kernel.Vmscan.Lru[^1]);
        }
    }

    [Fact]
    public void A_page_reclaim_activates_leaves_the_inactive_list_until_the_inactive_list_is_low()
    {
        // 4.13: direct reclaim activates a dirty page it may not write.
        var world = new World(pages: 3, config: new KernelConfig { Era = KernelEra.V4_13 });

        Assert.Equal(ReclaimResult.Activated, world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: false))!.Value.Result);
        Assert.True(world.Page(0).Active);

        // Two inactive pages against one active: not low, so page 0 stays active and the next
        // call takes page 1; then one against two is low and the active tail, page 0, comes back.
        var second = world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: false))!.Value;
        Assert.Same(world.Page(1), second.Page);
        Assert.True(world.Page(1).Active);
        Assert.False(world.Page(0).Active);
        Assert.Same(world.Page(2), world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: false))!.Value.Page);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, false)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void The_active_list_is_scanned_only_while_the_inactive_list_is_low_from_2_6_31(KernelEra era, bool staysActive)
    {
        var world = new World(pages: 4, dirty: false, config: new KernelConfig { Era = era });
        world.Page(2).Active = true;
        world.Page(3).Active = true;
        Filemap.FolioGet(world.Page(0)); // a reference nobody drops: reclaim keeps page 0

        // Page 0 kept; two inactive pages (0, 1) against two active (2, 3): not low. (2.6.29's
        // deferred active count comes due in this first call: the two lists are as large,
        // OnePageActiveDeferralTests.)
        Assert.Equal(ReclaimResult.Kept, world.Run(() => world.Kernel.Vmscan.ReclaimOne())!.Value.Result);

        Assert.Equal(staysActive, world.Page(2).Active);
    }

    [Fact]
    public void In_2_6_20_the_active_list_keeps_a_mapped_page_and_gives_back_an_unmapped_one()
    {
        var world = new World(pages: 3, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(1));
        world.Page(1).Active = true;
        world.Page(2).Active = true;

        // refill_inactive_zone first: the active tail, page 1, is mapped and reclaim_mapped is
        // off (no distress at DEF_PRIORITY), so it goes back to the active head; page 0 is freed.
        world.Run(() => world.Kernel.Vmscan.ReclaimOne());
        Assert.True(world.Page(1).Active);
        Assert.True(world.Page(2).Active);

        // The tail is now page 2, unmapped: deactivated, and the same call's inactive batch frees it.
        var second = world.Run(() => world.Kernel.Vmscan.ReclaimOne())!.Value;
        Assert.Equal(2, second.Page.Index);
        Assert.Equal(ReclaimResult.Freed, second.Result);
        Assert.True(world.Page(1).Active);
    }

    [Fact]
    public void In_2_5_31_refill_inactive_keeps_a_referenced_mapped_page_and_takes_by_its_ratio()
    {
        var world = new World(pages: 3, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(1));
        world.Page(1).Active = true;
        world.Page(1).Referenced = true;
        world.Page(2).Active = true;

        // ratio = 1 * 2 / ((1 | 1) * 2) = 1: the active tail, page 1, referenced through its pte, stays.
        world.Run(() => world.Kernel.Vmscan.ReclaimOne());
        Assert.True(world.Page(1).Active);
        Assert.False(world.Page(1).Referenced);
        Assert.True(world.Page(2).Active);

        // ratio = 1 * 2 / ((0 | 1) * 2) = 1: page 2, unmapped, goes to the inactive list and is freed.
        Assert.Equal(2, world.Run(() => world.Kernel.Vmscan.ReclaimOne())!.Value.Page.Index);
        Assert.True(world.Page(1).Active);
    }

    [Theory]
    [InlineData(KernelEra.V2_5, false)]
    [InlineData(KernelEra.V2_6_20, true)]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V2_6_36, true)]
    public void A_dirty_page_referenced_only_through_a_system_call_is_kept_unwritten_from_2_6(KernelEra era, bool keptUnwritten)
    {
        // A clean page with PG_referenced alone is freed in every era (its file is not mapped, so
        // page_referenced's reference activates nothing before 2.6.34; PAGEREF_RECLAIM_CLEAN after).
        var clean = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        clean.Page(0).PageReferenced = true;
        Assert.Equal(ReclaimResult.Freed, clean.Run(() => clean.Kernel.Vmscan.ReclaimOne())!.Value.Result);

        // A dirty one: kswapd (which may write before 3.11's gates, the later eras' subject
        // elsewhere) keeps it unwritten from 2.6 ("if (PageDirty(page)) { if (referenced) goto
        // keep_locked;", PAGEREF_RECLAIM_CLEAN from 2.6.34); 2.5.31 writes it at once.
        var dirty = new World(pages: 1, config: new KernelConfig { Era = era });
        var page = dirty.Page(0);
        page.PageReferenced = true;
        Filemap.FolioGet(page);
        var result = dirty.Run(() => dirty.Kernel.Vmscan.ShrinkFolio(page, kswapd: true));
        Assert.Equal(ReclaimResult.Kept, result);
        Assert.Equal(keptUnwritten, !page.Writeback && page.Dirty);
        Assert.False(page.PageReferenced);

        // Met again, unreferenced now, it is written.
        if (keptUnwritten)
        {
            Filemap.FolioGet(page);
            Assert.Equal(ReclaimResult.Kept, dirty.Run(() => dirty.Kernel.Vmscan.ShrinkFolio(page, kswapd: true)));
            Assert.True(page.Writeback || !page.Dirty, "the second meeting did not write the page");
        }
    }

    [Theory]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void The_end_of_writeback_rotates_an_active_page_to_the_inactive_tail_from_4_11(KernelEra era, bool staysActive)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era });
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        var page = world.Page(1);
        Assert.True(page.Writeback);
        page.Reclaim = true;
        page.Active = true;

        world.CompleteAllIo();

        Assert.Equal(staysActive, page.Active);
        Assert.Equal(staysActive ? 1 : 0, world.Kernel.Vmscan.Lru.ToList().IndexOf(page));
    }
}
