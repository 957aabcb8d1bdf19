using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests;

/// <summary>
/// PG_reclaim beyond pageout, era by era: set_page_dirty clears it (2.6.39; before,
/// clear_page_dirty_for_io did, from 2.6.23), reclaim marks a page it finds under writeback
/// (3.6), and kswapd meeting a marked page still under writeback with the node flagged as
/// writing back stalls (3.11).
/// </summary>
public sealed class ReclaimMarkTests
{
    private static ReclaimResult Kswapd(World world, long index) =>
        world.Run(() => world.Kernel.Vmscan.ReclaimFolio(world.Page(index), kswapd: true));

    /// <summary>A page under writeback that kswapd has met once: marked for immediate reclaim.</summary>
    private static (World World, Mm.Page Page) MarkedByKswapd(KernelEra era)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingWhenBlocked = true;
        var page = world.Page(0);
        StartWriteback(world);
        Kswapd(world, 0);
        Assert.True(page.Writeback);
        return (world, page);
    }

    private static void StartWriteback(World world) =>
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_dirtied_again_after_kswapd_met_it_must_be_met_twice_again(KernelEra era)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        Assert.Equal(ReclaimResult.Activated, Kswapd(world, 0));
        Assert.True(page.Reclaim);

        // A store through the page's mapping, or a write: set_page_dirty on a dirty page.
        world.Run(() => world.Pw.FolioMarkDirty(page));
        Assert.False(page.Reclaim);

        // The next meeting is a first one again: marked, not written.
        Assert.Equal(ReclaimResult.Activated, Kswapd(world, 0));
        Assert.False(page.Writeback);
        Assert.Equal(ReclaimResult.Kept, Kswapd(world, 0));
        Assert.True(page.Writeback);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, true, true)]
    [InlineData(KernelEra.V2_6_36, true, false)]
    [InlineData(KernelEra.V3_19, false, true)]
    [InlineData(KernelEra.V6_9, false, true)]
    public void Who_clears_a_mark_left_on_a_dirty_page(KernelEra era, bool markAfterDirtying, bool markAfterIoStarts)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        page.Reclaim = true; // left by deactivate_page (2.6.39 on) or by a reclaimer that met it

        world.Run(() => world.Pw.FolioMarkDirty(page));
        Assert.Equal(markAfterDirtying, page.Reclaim);

        page.Reclaim = true;
        StartWriteback(world);
        Assert.True(page.Writeback);
        Assert.Equal(markAfterIoStarts, page.Reclaim);

        world.CompleteAllIo();
        Assert.False(page.Reclaim); // end_page_writeback, in every era
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void Reclaim_marks_a_page_it_finds_under_writeback_from_3_6(KernelEra era, bool marks)
    {
        foreach (var kswapd in new[] { true, false })
        {
            var world = new World(pages: 1, config: new KernelConfig { Era = era });
            var page = world.Page(0);
            StartWriteback(world);
            Assert.False(page.Reclaim);

            var result = world.Run(() => world.Kernel.Vmscan.ReclaimFolio(page, kswapd));

            Assert.NotEqual(ReclaimResult.Freed, result);
            Assert.Equal(marks, page.Reclaim);
            Assert.True(page.Writeback);
            Assert.False(page.Locked);
            Assert.Equal(1, page.RefCount);

            // end_page_writeback takes the mark off (where it would rotate the page).
            world.CompleteAllIo();
            Assert.False(page.Reclaim);
        }
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V5_0, true)]
    public void Kswapd_meeting_its_marked_page_still_under_writeback_waits_for_the_disk_until_5_x(KernelEra era, bool stalls)
    {
        // The first meeting marks it and, the batch being all under writeback, flags the node.
        var (world, page) = MarkedByKswapd(era);

        // The second is an immediate one: congestion_wait, which the write's completion ends.
        Kswapd(world, 0);
        Assert.Equal(!stalls, page.Writeback);
    }

    /// <summary>
    /// 5.0's blk-mq queue clears no congested bit and wakes nobody, so kswapd's
    /// congestion_wait(BLK_RW_ASYNC, HZ/10) on its immediate page lasts its whole timeout, the
    /// write completing within it: the clock moves on by exactly HZ/10, as 6.9's reclaim_throttle
    /// (VMSCAN_THROTTLE_WRITEBACK, HZ/10) does.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, true)]
    public void From_5_0_kswapd_stalls_a_tenth_of_a_second_on_its_immediate_page(KernelEra era, bool stillUnderWriteback)
    {
        var (world, page) = MarkedByKswapd(era);
        var before = world.Kernel.Timers.Jiffies;

        Kswapd(world, 0);

        Assert.Equal(before + (Time.Timers.Hz / 10), world.Kernel.Timers.Jiffies);
        Assert.Equal(stillUnderWriteback, page.Writeback);
    }

    [Theory]
    [InlineData(KernelEra.V6_9)]
    public void In_6_x_kswapd_throttles_for_the_whole_timeout(KernelEra era)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        StartWriteback(world);
        Kswapd(world, 0);
        var before = world.Kernel.Timers.Jiffies;

        Kswapd(world, 0);

        Assert.Equal(before + (Time.Timers.Hz / 10), world.Kernel.Timers.Jiffies);
        Assert.True(page.Writeback);
    }

    [Fact]
    public void A_page_under_writeback_in_a_batch_with_an_unwritten_dirty_one_flags_nothing()
    {
        // Two meetings of page 3, each in a batch with a clean page: no batch was all writeback.
        var world = new World(pages: 4, dirty: false, config: new KernelConfig { Era = KernelEra.V4_13 });
        world.Runtime.RunPendingWhenBlocked = true;
        var page = world.Page(3);
        world.Run(() => world.Pw.FolioMarkDirty(page));
        StartWriteback(world);
        var zone = page.Zone;
        Assert.NotNull(zone);

        // Direct reclaim's priority loop takes the zone's pages from the first: page 0 alone at
        // priority 2 (4 >> 2), page 1 alone at priority 1 (3 >> 1), both freed; at priority 0
        // a batch of page 2 (freed) and page 3 (under writeback, marked).
        Assert.Equal(3, world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel)));
        Assert.True(page.Reclaim);

        Kswapd(world, 3);
        Assert.True(page.Writeback);
    }
}
