using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// pageout's may_write_to_queue (2.6.20 to 2.6.36): a reclaimer keeps a dirty page of a
/// write-congested disk unless it is kswapd (PF_SWAPWRITE) or is inside a write(2) to that disk
/// (current-&gt;backing_dev_info). The disk is congested at one write in flight here, kswapd's
/// write of page 0.
/// </summary>
public sealed class MayWriteToQueueTests
{
    private static World Congested(KernelEra era, int pages = 2)
    {
        var world = new World(pages, config: new KernelConfig { Era = era, Machine = new Machine { NrRequests = 1 } });
        KswapdFirstMeeting.Meet(world, world.Page(0));
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0, kswapd: true));
        Assert.True(world.Page(0).Writeback);
        // From 5.0 the queue is only full: blk-mq marks no disk congested (6.9 has no such bit).
        Assert.Equal(era.RequestQueueSetsCongested(), world.Kernel.BackingDev.WriteCongested);
        return world;
    }

    private static ReclaimResult Reclaim(World world, long index, bool kswapd, bool writing = false)
    {
        var page = world.Page(index);
        Filemap.FolioGet(page); // isolation
        return world.Run(async () =>
        {
            // __generic_file_aio_write's "We can write back this queue in page reclaim".
            world.Filemap.SetCurrentBackingDevInfo(writing ? world.Kernel.BackingDev : null);
            var result = await world.Kernel.Vmscan.ShrinkFolio(page, kswapd);
            world.Filemap.SetCurrentBackingDevInfo(null);
            return result;
        });
    }

    // 2.5.31 has no such test: its reclaim hands the whole mapping to ->vm_writeback, whatever
    // the queue (ListEraReclaimGateTests).
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void A_direct_reclaimer_not_writing_to_a_congested_disk_keeps_its_dirty_page_from_2_6_20_to_2_6_36(KernelEra era)
    {
        var world = Congested(era);

        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 1, kswapd: false));

        // PAGE_KEEP comes before clear_page_dirty_for_io and PG_reclaim: the page is as it was,
        // unlocked, on the inactive list.
        var page = world.Page(1);
        Assert.False(page.Writeback);
        Assert.True(page.Dirty);
        Assert.False(page.Reclaim);
        Assert.False(page.Locked);
        Assert.False(page.Active);
        Assert.Equal(1, world.Kernel.Device.InFlight);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void A_direct_reclaimer_inside_a_write_to_the_congested_disk_writes_its_dirty_page(KernelEra era)
    {
        var world = Congested(era);
        // The queue of one request is full as well as congested: the write sleeps in
        // get_request_wait until page 0's write frees the request (branch queue22).
        world.Runtime.RunPendingWhenBlocked = true;

        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 1, kswapd: false, writing: true));

        Assert.True(world.Page(1).Writeback);
        Assert.False(world.Page(0).Writeback);
        Assert.Equal(1, world.Kernel.Device.InFlight);
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Kswapd_writes_a_dirty_page_of_a_congested_disk(KernelEra era)
    {
        var world = Congested(era);
        // 3.19 writes it at once (the zone was flagged dirty by page 0's first meeting); from
        // 4.11 kswapd writes only a page it meets the second time.
        if (era.KswapdWritesOnlyPagesSeenTwice())
        {
            KswapdFirstMeeting.Meet(world, world.Page(1));
        }

        // Full as well as congested: kswapd's write waits for page 0's to free the request.
        world.Runtime.RunPendingWhenBlocked = true;
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 1, kswapd: true));

        Assert.True(world.Page(1).Writeback);
    }

    [Fact]
    public void A_write_clears_current_backing_dev_info_when_it_returns()
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_6_36 });
        var file = world.Kernel.Open(world.Inode);

        var after = world.Run(async () =>
        {
            Assert.True(await world.Filemap.GenericFileWriteIter(file, 0) > 0);
            return world.Filemap.CurrentBackingDevInfo();
        });

        Assert.Null(after);
    }

    [Theory]
    [InlineData(KernelEra.V5_0, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_write_blocked_inside_its_copy_has_the_disk_as_current_backing_dev_info_until_the_field_went(KernelEra era, bool set)
    {
        // Stable pages: the write of a page under kswapd's I/O waits for it inside
        // generic_perform_write, between the setting and the clearing. 6.5 took the field out [R].
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        world.Kernel.BackingDev.StableWrites = true;
        KswapdFirstMeeting.Meet(world, world.Page(0));
        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0, kswapd: true));
        var file = world.Kernel.Open(world.Inode);

        var during = world.Run(async () =>
        {
            try
            {
                await world.Filemap.GenericFileWriteIter(file, 0);
                return null;
            }
            catch (WouldBlockException)
            {
                return world.Filemap.CurrentBackingDevInfo();
            }
        });

        Assert.Same(set ? world.Kernel.BackingDev : null, during);
    }

    [Fact]
    public void A_2_6_20_buffered_write_blocked_on_its_page_lock_has_the_disk_as_current_backing_dev_info()
    {
        // generic_file_buffered_write under __generic_file_aio_write_nolock: the disk is the
        // task's from before the first page's lock_page to after the last page's throttle, so the
        // writer's own allocations may write its congested queue (review8 finding 3: no test
        // failed with the setting removed).
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        world.Run(() => world.Filemap.FolioLock(world.Page(0)));
        var file = world.Kernel.Open(world.Inode);

        var during = world.Run(async () =>
        {
            try
            {
                await world.Filemap.GenericFileBufferedWrite(file, 0, 1);
                return null;
            }
            catch (WouldBlockException)
            {
                return world.Filemap.CurrentBackingDevInfo();
            }
        });

        Assert.Same(world.Kernel.BackingDev, during);
    }
}
