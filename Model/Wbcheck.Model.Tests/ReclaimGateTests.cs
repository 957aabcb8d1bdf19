using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>Reclaim's gates: who may write a dirty page, pages in use through ptes, and pageout's error path.</summary>
public sealed class ReclaimGateTests
{
    private static ReclaimResult Reclaim(World world, long index, bool kswapd = true)
    {
        var page = world.Page(index);
        Filemap.FolioGet(page); // isolation
        return world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, true, ReclaimResult.Kept)]
    [InlineData(KernelEra.V3_19, false, ReclaimResult.Kept)]
    [InlineData(KernelEra.V4_13, false, ReclaimResult.Activated)]
    [InlineData(KernelEra.V6_9, false, ReclaimResult.Activated)]
    public void Direct_reclaim_writes_a_dirty_page_only_before_3_2_and_activates_it_from_4_11(KernelEra era, bool writes, ReclaimResult result)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });

        Assert.Equal(result, Reclaim(world, 0, kswapd: false));

        Assert.Equal(writes, world.Page(0).Writeback);
        Assert.Equal(!writes, world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Kswapd_writes_a_dirty_page_it_may_write_in_every_era(KernelEra era)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        KswapdFirstMeeting.Meet(world, world.Page(0));

        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0, kswapd: true));

        Assert.True(world.Page(0).Writeback);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, ReclaimResult.Kept)]
    [InlineData(KernelEra.V3_19, ReclaimResult.Kept)]
    [InlineData(KernelEra.V4_13, ReclaimResult.Activated)]
    [InlineData(KernelEra.V6_9, ReclaimResult.Activated)]
    public void A_page_under_writeback_is_kept_until_4_11_and_activated_from_then(KernelEra era, ReclaimResult result)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        KswapdFirstMeeting.Meet(world, world.Page(0));
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0, kswapd: true));
        Assert.True(world.Page(0).Writeback);

        Assert.Equal(result, Reclaim(world, 0, kswapd: false));

        // From 3.11 direct reclaim's batch, all under writeback, flagged the zone (node) until
        // 6.x, and kswapd meeting its own marked page there waits for the disk (ReclaimMarkTests).
        world.Runtime.RunPendingWhenBlocked = true;
        Assert.Equal(result, Reclaim(world, 0, kswapd: true));

        var stalled = era.KswapdStallsOnPagesUnderWriteback() && era.DirectReclaimFlagsReclaimDirty();
        Assert.Equal(!stalled, world.Page(0).Writeback);
        Assert.False(world.Page(0).Locked);
        Assert.False(world.Page(0).Freed);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, ReclaimResult.Activated)]
    [InlineData(KernelEra.V2_6_29, ReclaimResult.Activated)]
    [InlineData(KernelEra.V2_6_36, ReclaimResult.Kept)]
    [InlineData(KernelEra.V6_9, ReclaimResult.Kept)]
    public void A_page_a_pte_just_referenced_is_activated_before_2_6_34_and_kept_once_after(KernelEra era, ReclaimResult first)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        world.Run(() => world.Kernel.Memory.WpPageShared(world.Page(0)));
        var page = world.Page(0);

        // page_referenced && page_mapping_inuse activates; page_check_references keeps the page
        // on the inactive list the first time, PG_referenced set for the next look.
        Assert.Equal(first, Reclaim(world, 0));
        Assert.Equal(first == ReclaimResult.Activated, page.Active);
        Assert.Equal(first == ReclaimResult.Kept, page.PageReferenced);
        Assert.False(page.Referenced);
        Assert.True(page.Dirty);
        Assert.False(page.Writeback);
        Assert.False(page.Reclaim);
        world.AssertInvariants();
    }

    [Fact]
    public void A_page_kept_for_its_pte_reference_and_untouched_since_is_written_by_a_later_pass()
    {
        var world = new World(pages: 1, dirty: false);
        world.Run(() => world.Kernel.Memory.WpPageShared(world.Page(0)));
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));

        // folio_referenced cleared the young bit and PG_referenced alone does not keep the page:
        // untouched since, it is written, once kswapd has met it dirty.
        KswapdFirstMeeting.Meet(world, world.Page(0));
        Assert.False(world.Page(0).PageReferenced);
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));
        Assert.True(world.Page(0).Writeback);
        world.AssertInvariants();
    }

    [Fact]
    public void A_page_referenced_again_through_its_pte_after_being_kept_is_activated()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        world.Run(() => world.Kernel.Memory.WpPageShared(page));
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));

        page.Referenced = true; // a store through the pte since

        Assert.Equal(ReclaimResult.Activated, Reclaim(world, 0));
        Assert.True(page.Active);
        Assert.False(page.Writeback);
    }

    // The V2_5 row pins the model's [I] choice (2.5.31 itself not read: ActiveListEras
    // .ZapMarksPageAccessed), the 2.6.20 and later rows kernel text.
    [Theory]
    [InlineData(KernelEra.V2_5, false)]
    [InlineData(KernelEra.V2_6_20, true)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void Munmap_takes_the_young_bit_with_the_pte_and_passes_the_access_on_from_2_6(KernelEra era, bool marked)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        var page = world.Page(0);
        Assert.True(page.Referenced);

        world.Run(() => world.Kernel.Memory.Munmap(vma));

        // No pte is left to be young; zap_pte_range's mark_page_accessed is the first access.
        Assert.False(page.Referenced);
        Assert.Equal(marked, page.PageReferenced);
        Assert.False(page.Active);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void Munmap_of_a_young_pte_activates_a_page_a_system_call_referenced_before(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));
        var page = world.Page(0);
        world.Kernel.Vmscan.MarkPageAccessed(page); // a read(2)
        world.Run(() => world.Kernel.Memory.Store(vma, 0));

        world.Run(() => world.Kernel.Memory.Munmap(vma));

        Assert.True(page.Active);
        Assert.False(page.PageReferenced);
        Assert.False(page.Referenced);
    }

    [Fact]
    public void A_page_whose_young_pte_was_unmapped_and_then_written_is_freed_by_reclaim_not_kept_for_its_pte()
    {
        var world = new World(pages: 1, dirty: false);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        world.Run(() => world.Kernel.Memory.Munmap(vma));
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));
        world.CompleteAllIo();
        Assert.False(world.Page(0).Dirty);

        // Referenced only through PG_referenced (PAGEREF_RECLAIM_CLEAN) and clean: freed. A young
        // bit left on the page by the unmap would keep it as if a pte still referenced it.
        Assert.Equal(ReclaimResult.Freed, Reclaim(world, 0));
        world.AssertInvariants();
    }

    [Fact]
    public void Try_to_unmap_drops_a_young_pte_without_passing_the_access_on()
    {
        var world = new World(pages: 1, dirty: false);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));
        world.Run(() => world.Kernel.Memory.Store(vma, 0));
        var page = world.Page(0);

        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Kernel.Memory.TryToUnmap(page);
            world.Filemap.FolioUnlock(page);
        });

        Assert.Null(vma.Lookup(0));
        Assert.False(page.Referenced);
        Assert.False(page.PageReferenced);
        Assert.True(page.Dirty);
    }

    [Fact]
    public void Reclaim_that_ignores_references_writes_a_page_in_use()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Faults = new Faults { ReclaimIgnoresReferences = true } });
        world.Run(() => world.Kernel.Memory.WpPageShared(world.Page(0)));

        // The young bit ignored, the first meeting already goes as far as the dirty page's gate.
        KswapdFirstMeeting.Meet(world, world.Page(0));
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));
        Assert.True(world.Page(0).Writeback);
    }

    [Fact]
    public void A_failed_writepage_from_reclaim_sets_the_error_on_the_mapping()
    {
        var world = new World(pages: 1, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 0 } });
        KswapdFirstMeeting.Meet(world, world.Page(0));

        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));

        Assert.Equal(AddressSpaceFlags.Enospc, world.Mapping.Flags & AddressSpaceFlags.Enospc);
        Assert.True(world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked);
        world.AssertInvariants();
    }

    [Fact]
    public void The_error_of_a_page_truncated_after_its_failed_writepage_is_not_recorded_on_the_mapping()
    {
        var world = new World(pages: 1, fs: new SimpleFsOptions { FailingPages = new HashSet<long> { 0 } });
        world.Mapping.Operations = new TruncatingAfterWritepage(world.Kernel, world.Fs);
        var page = world.Page(0);
        Filemap.FolioGet(page); // isolation
        var result = world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            return await world.Kernel.Vmscan.Pageout(page, world.Mapping, kswapd: true);
        });

        Assert.Equal(PageoutResult.Success, result);
        Assert.Null(page.Mapping);
        Assert.Equal(AddressSpaceFlags.None, world.Mapping.Flags & (AddressSpaceFlags.Enospc | AddressSpaceFlags.Eio));
        Assert.Equal(0u, world.Mapping.WbErr.Value);
    }

    /// <summary>A -&gt;writepage that fails, after which truncate takes the page before reclaim looks again.</summary>
    private sealed class TruncatingAfterWritepage(Kernel kernel, SimpleFs fs) : IAddressSpaceOperations
    {
        public bool HasWritepages => false;

        public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
        {
            var mapping = page.Mapping!;
            var result = await fs.Writepage(page, wbc);
            await kernel.Truncate.TruncateInodePagesRange(mapping, 0, -1);
            return result;
        }

        public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) => throw new NotSupportedException();
    }
}
