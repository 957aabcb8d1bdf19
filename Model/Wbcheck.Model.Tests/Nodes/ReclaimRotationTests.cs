using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// The LRU's order: reclaim isolates its batches from the tail and puts a page it keeps back at
/// the head (isolate_lru_pages, putback_inactive_pages, move_folios_to_lru), so a zone whose
/// oldest pages cannot be freed still gives up its others, and the order outlives the call: it
/// is the zone's state, not the reclaimer's. end_page_writeback of a page reclaim marked
/// PG_reclaim rotates it to the tail (rotate_reclaimable_page), where the next batch frees it.
/// </summary>
public sealed class ReclaimRotationTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_zone_whose_first_forty_pages_are_pinned_still_frees_a_batch_of_its_clean_ones(KernelEra era)
    {
        var world = new World(pages: 100, dirty: false, config: new KernelConfig { Era = era });
        for (var index = 0; index < 40; index++)
        {
            Filemap.FolioGet(world.Page(index)); // a long-term pin: reclaim can never free it
        }

        var zone = world.Page(0).Zone;
        Assert.NotNull(zone);

        var freed = world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel));

        // SWAP_CLUSTER_MAX at least, and none of the pinned pages.
        Assert.True(freed >= 32, $"{freed} freed");
        Assert.All(Enumerable.Range(0, 40), index => Assert.NotNull(world.Mapping.Pages.Load(index)));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_pages_a_call_kept_wait_at_the_head_and_the_next_call_starts_from_the_pages_it_did_not_scan(KernelEra era)
    {
        // 100 pages, the oldest 40 pinned. The first call (an era that stops once it has its
        // target: 2.6.20 scans every zone's whole count and would free them all) scans the pinned ones and frees clean
        // ones after them, the pinned going back to the head; the second call takes its first
        // batch off the tail, the clean pages the first did not reach, and frees all it takes
        // before it meets a pinned page again. Without the order kept between calls the second
        // would start again with the pinned pages.
        var world = new World(pages: 100, dirty: false, config: new KernelConfig { Era = era });
        for (var index = 0; index < 40; index++)
        {
            Filemap.FolioGet(world.Page(index));
        }

        var zone = world.Page(0).Zone!;
        world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel));
        var left = ZoneWorld.Pages(world.Inode).Where(page => page.Index >= 40).ToList();
        Assert.NotEmpty(left);

        var lru = world.Kernel.Vmscan.Lru.ToList();
        var pinnedTail = ZoneWorld.Pages(world.Inode).Where(page => page.Index < 40).Min(page => lru.IndexOf(page));
        Assert.All(left, page => Assert.True(lru.IndexOf(page) < pinnedTail, $"{page} is behind a pinned page"));

        var freed = world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel));

        Assert.Equal(left.Count, freed);
        Assert.Equal(40, world.Mapping.NrPages);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_kswapd_wrote_is_rotated_to_the_tail_when_its_writeback_ends_and_the_next_batch_frees_it_first(KernelEra era)
    {
        // Page 99, the newest, is dirty: kswapd writes it (marking it PG_reclaim) and keeps it.
        // Its I/O ends: rotate_reclaimable_page moves it to the tail, behind the 99 clean pages
        // older than it. Direct reclaim's first batch, one page at priority 6, takes it.
        var world = new World(pages: 100, dirty: false, config: new KernelConfig { Era = era });
        var page = world.Page(99);
        world.Run(() => world.Pw.FolioMarkDirty(page));
        KswapdFirstMeeting.Meet(world, page);
        Filemap.FolioGet(page); // isolation
        Assert.Equal(ReclaimResult.Kept, world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd: true)));
        Assert.True(page.Writeback && page.Reclaim);

        world.CompleteAllIo();

        Assert.Same(page, world.Kernel.Vmscan.Lru[0]);
        var zone = page.Zone!;
        world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel));
        Assert.True(page.Freed, "the batch did not free the rotated page");
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void The_one_page_reclaimer_takes_the_LRU_tail_and_meets_a_page_it_kept_only_after_the_others(KernelEra era)
    {
        // ReclaimOne is a batch of one off the LRU's tail. Page 0 (the oldest) is locked: kept,
        // it goes back to the head, so the next calls take pages 1 and 2 and free them, and only
        // then page 0 again. Whatever the runtime would choose plays no part (its chooser here
        // always answers the first page, page 0).
        var world = new World(pages: 3, dirty: false, config: new KernelConfig { Era = era });
        world.Page(0).Locked = true;
        var met = new List<(long Index, ReclaimResult Result)>();
        for (var call = 0; call < 4; call++)
        {
            var reclaimed = world.Run(() => world.Kernel.Vmscan.ReclaimOne(kswapd: true))!.Value;
            met.Add((reclaimed.Page.Index, reclaimed.Result));
        }

        Assert.Equal(
            [(0L, ReclaimResult.Kept), (1L, ReclaimResult.Freed), (2L, ReclaimResult.Freed), (0L, ReclaimResult.Kept)],
            met);
    }
}
