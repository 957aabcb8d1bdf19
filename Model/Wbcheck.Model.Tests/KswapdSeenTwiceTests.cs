using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// When kswapd writes a dirty file page itself, era by era: at once before 3.11; once reclaim has
/// flagged the zone dirty (3.11, the model's 3.19); and only a page it has met before, marked
/// PG_reclaim (4.11, the model's 4.13 on).
/// </summary>
public sealed class KswapdSeenTwiceTests
{
    private static ReclaimResult Reclaim(World world, long index, bool kswapd = true)
    {
        var page = world.Page(index);
        Filemap.FolioGet(page); // isolation
        return world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, ReclaimResult.Kept, true)]
    [InlineData(KernelEra.V3_19, ReclaimResult.Kept, false)]
    [InlineData(KernelEra.V4_13, ReclaimResult.Activated, false)]
    [InlineData(KernelEra.V6_9, ReclaimResult.Activated, false)]
    public void The_first_pass_over_a_dirty_page_marks_it_and_the_second_writes_it_from_3_11(KernelEra era, ReclaimResult first, bool writesFirst)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        var page = world.Page(0);

        Assert.Equal(first, Reclaim(world, 0));
        Assert.Equal(writesFirst, page.Writeback);
        Assert.True(page.Reclaim); // pageout's mark, or the one left for the flusher
        Assert.False(page.Locked);
        world.AssertInvariants();

        if (!writesFirst)
        {
            Assert.True(page.Dirty);
            Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));
            Assert.True(page.Writeback);
            Assert.False(page.Dirty);
            world.AssertInvariants();
        }
    }

    [Theory]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void With_the_node_flagged_dirty_kswapd_still_leaves_a_page_it_meets_the_first_time_from_4_11(KernelEra era, bool writes)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era });

        // Page 1, dirty and not queued for I/O, is all of kswapd's batch: the zone (node) is flagged.
        Assert.False(world.Page(1).Writeback);
        Reclaim(world, 1);

        Reclaim(world, 0);

        Assert.Equal(writes, world.Page(0).Writeback);
        Assert.Equal(!writes, world.Page(0).Dirty);
        world.AssertInvariants();
    }

    [Fact]
    public void A_page_the_flusher_wrote_since_must_be_met_twice_again()
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V6_9 });
        var page = world.Page(0);
        Assert.Equal(ReclaimResult.Activated, Reclaim(world, 0));
        Assert.True(page.Reclaim);

        // The flusher writes it; end_page_writeback clears PG_reclaim.
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.CompleteAllIo();
        Assert.False(page.Reclaim);
        world.Run(() => world.Pw.FolioMarkDirty(page));

        Assert.Equal(ReclaimResult.Activated, Reclaim(world, 0));
        Assert.False(page.Writeback);
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));
        Assert.True(page.Writeback);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V4_20, false)]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void Direct_reclaim_flags_the_node_dirty_until_4_18(KernelEra era, bool kswapdWritesAtOnce)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });

        // Direct reclaim leaves the page to the flusher, marked; its batch was all unqueued dirty.
        Assert.Equal(ReclaimResult.Activated, Reclaim(world, 0, kswapd: false));
        Assert.True(world.Page(0).Reclaim);

        Reclaim(world, 0);

        Assert.Equal(kswapdWritesAtOnce, world.Page(0).Writeback);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_writepage_that_starts_no_writeback_leaves_no_mark(bool activate)
    {
        // A failed write, or one the filesystem declines: no end_page_writeback will come to clear it.
        var fs = activate ? new Fs.SimpleFsOptions { ActivateForReclaim = true } : new Fs.SimpleFsOptions { FailingPages = new HashSet<long> { 0 } };
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_6_36 }, fs: fs);
        var page = world.Page(0);

        Reclaim(world, 0);

        Assert.False(page.Writeback);
        Assert.False(page.Reclaim);
    }
}
