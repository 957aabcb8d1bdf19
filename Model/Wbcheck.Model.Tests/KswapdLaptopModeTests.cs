using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests;

/// <summary>kswapd's sc.may_writepage: off in laptop mode until reclaim is in trouble, era by era.</summary>
public sealed class KswapdLaptopModeTests
{
    private static World LaptopWorld(KernelEra era, int pages, long laptopMode = 500) =>
        new(pages: pages, config: new KernelConfig { Era = era, Sysctls = VmSysctls.V2_6_20Default with { LaptopMode = laptopMode } });

    private static ReclaimResult Kswapd(World world, long index)
    {
        var page = world.Page(index);
        Filemap.FolioGet(page); // isolation
        return world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd: true));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_11_kswapd_in_laptop_mode_writes_only_after_scanning_more_than_two_batches_without_freeing(KernelEra era)
    {
        var world = LaptopWorld(era, pages: 1);

        // 64 scans are not more than SWAP_CLUSTER_MAX * 2; the 65th is the first past it, counted after its page.
        for (var scan = 1; scan <= 65; scan++)
        {
            Assert.Equal(ReclaimResult.Kept, Kswapd(world, 0));
            Assert.True(world.Page(0).Dirty, $"scan {scan}");
            Assert.False(world.Page(0).Writeback, $"scan {scan}");
        }

        Assert.Equal(ReclaimResult.Kept, Kswapd(world, 0));
        Assert.True(world.Page(0).Writeback);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_11_kswapd_in_laptop_mode_writes_once_it_frees_fewer_than_two_of_three_pages_it_scans(KernelEra era)
    {
        // "total_scanned > nr_reclaimed + nr_reclaimed / 2": 44 clean pages freed, then one
        // dirty page met again and again. The gate, looked at before each page, opens once 67
        // are scanned (more than 44 + 22: the 44 freed and 23 meetings kept), so the dirty
        // page's 24th meeting is the first written (a test against nr_reclaimed * 2 would wait
        // for 89 scanned, the 46th).
        var world = LaptopWorld(era, pages: 45);
        for (var index = 0; index < 44; index++)
        {
            world.Page(index).Dirty = false;
            Assert.Equal(ReclaimResult.Freed, Kswapd(world, index));
        }

        var dirty = world.Page(44);
        var meetings = 0;
        while (!dirty.Writeback && meetings < 100)
        {
            Assert.Equal(ReclaimResult.Kept, Kswapd(world, 44));
            meetings++;
        }

        Assert.Equal(24, meetings);
    }

    [Fact]
    public void Before_3_11_kswapd_that_frees_what_it_scans_stays_off_the_disk_in_laptop_mode()
    {
        // 66 clean pages and one dirty: kswapd frees the clean ones, so its reclaim ratio is good
        // and the dirty page is never written (66 scanned is not more than 66 + 33).
        var world = LaptopWorld(KernelEra.V2_6_36, pages: 67);
        for (var index = 0; index < 66; index++)
        {
            world.Page(index).Dirty = false;
        }

        var dirty = world.Page(66);
        for (var index = 0; index < 66; index++)
        {
            Assert.Equal(ReclaimResult.Freed, Kswapd(world, index));
        }

        Assert.Equal(ReclaimResult.Kept, Kswapd(world, 66));
        Assert.True(dirty.Dirty);
        Assert.False(dirty.Writeback);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void From_3_11_kswapd_in_laptop_mode_writes_the_first_page_of_a_small_lru_its_priority_having_dropped_to_reach_it(KernelEra era)
    {
        var world = LaptopWorld(era, pages: 1);
        KswapdFirstMeeting.Meet(world, world.Page(0));

        Assert.Equal(ReclaimResult.Kept, Kswapd(world, 0));

        Assert.True(world.Page(0).Writeback);
    }

    [Fact]
    public void From_3_11_kswapd_in_laptop_mode_scans_an_lru_of_1024_pages_at_priority_10_without_writing()
    {
        // 1024 >> 12 and 1024 >> 11 are 0, 1024 >> 10 is 1: one page scanned at DEF_PRIORITY - 2, not written; the next is at 9.
        var world = LaptopWorld(KernelEra.V3_19, pages: 1024);

        Assert.Equal(ReclaimResult.Kept, Kswapd(world, 0));
        Assert.False(world.Page(0).Writeback);
        Assert.True(world.Page(0).Dirty);

        Assert.Equal(ReclaimResult.Kept, Kswapd(world, 1));
        Assert.True(world.Page(1).Writeback);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Kswapd_writes_at_once_with_laptop_mode_off(KernelEra era)
    {
        var world = LaptopWorld(era, pages: 1, laptopMode: 0);
        KswapdFirstMeeting.Meet(world, world.Page(0));

        Assert.Equal(ReclaimResult.Kept, Kswapd(world, 0));

        Assert.True(world.Page(0).Writeback);
    }

    [Fact]
    public void Direct_reclaim_before_3_2_does_not_write_in_laptop_mode()
    {
        var world = LaptopWorld(KernelEra.V2_6_36, pages: 1);
        var page = world.Page(0);
        Filemap.FolioGet(page); // isolation

        Assert.Equal(ReclaimResult.Kept, world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd: false)));

        Assert.True(page.Dirty);
        Assert.False(page.Writeback);
    }
}
