using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// A memcg taken offline and its dying wb: from 5.14 (c22d70a162d3; the 6.9 era) the cleanup
/// work switches the dying wb's clean inodes to the root wb in one batch behind a grace period,
/// and skips a wb with a dirty inode; before, the inodes stay on the dying wb. An offline memcg
/// gets no wb again, and no switch goes to it. Also inode_switch_wbs's cap on switches in flight
/// (5.4) and the vote's neglect of an offline memcg's pages (5.3).
/// </summary>
public sealed class OfflineCgwbTests
{
    [Fact]
    public void On_6_9_the_cleanup_switches_a_clean_inode_of_the_dying_wb_to_the_root_wb_with_its_writeback_pages()
    {
        var (world, memcg, inode) = CleanInodeOfJob(KernelEra.V6_9);
        var wb = memcg.Wb!;

        world.Throttle.MemCgroupCssOffline(memcg);
        Assert.True(wb.Dying && !memcg.Online);
        Assert.Same(wb, world.Throttle.InodeToWb(inode));

        // The cleanup claims the inode and queues one switch work; the page's completion counts
        // on whichever wb the inode is on when it comes.
        world.RunAllPending();

        // The switch dropped the inode's reference, the dying wb's last: it is released (its
        // stats, 0 by then, go with it; CgwbReleaseTests reads them before).
        Assert.Null(world.Throttle.InodeToWb(inode));
        Assert.Equal((0, false, true), (world.Throttle.IswNrInFlight, inode.WbSwitch, wb.Freed));
        Assert.Null(WbAccounting.Check(world.Kernel, cumulative: false));
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    public void Before_5_14_the_inode_stays_on_the_dying_wb(KernelEra era)
    {
        var (world, memcg, inode) = CleanInodeOfJob(era);
        var wb = memcg.Wb!;

        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        Assert.Same(wb, world.Throttle.InodeToWb(inode));
        Assert.True(wb.Dying);
        Assert.Equal(0, world.Throttle.IswNrInFlight);
    }

    [Fact]
    public void A_cleanup_that_compares_each_inode_with_the_dying_wb_leaves_it_there()
    {
        var (world, memcg, inode) = CleanInodeOfJob(KernelEra.V6_9, new Faults { OfflineCleanupComparesOldWb = true });

        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        Assert.Same(memcg.Wb, world.Throttle.InodeToWb(inode));
    }

    [Fact]
    public void On_6_9_a_dying_wb_with_a_dirty_inode_is_skipped_and_keeps_its_inodes_once_they_are_clean()
    {
        var (world, memcg, dirty, clean) = DirtyAndCleanFilesOfJob();
        Assert.Equal(0, (int)(clean.State & Fs.InodeState.DirtyPages));

        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();
        WriteAndComplete(world, dirty);

        // wb_has_dirty_io skipped the whole wb, the clean inode too; nothing retries it.
        Assert.Same(memcg.Wb, world.Throttle.InodeToWb(dirty));
        Assert.Same(memcg.Wb, world.Throttle.InodeToWb(clean));
        Assert.Equal(0, world.Throttle.IswNrInFlight);
    }

    [Fact]
    public void On_6_9_a_dying_wb_whose_inode_is_being_written_is_skipped_though_the_inode_is_no_longer_dirty()
    {
        var (world, memcg, writing, clean) = DirtyAndCleanFilesOfJob();

        // __writeback_single_inode has cleared I_DIRTY_PAGES and holds I_SYNC: the inode is still
        // on b_io (or b_dirty), so WB_has_dirty_io stays set until the write ends.
        writing.State = Fs.InodeState.Lock;
        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        Assert.Same(memcg.Wb, world.Throttle.InodeToWb(clean));
        Assert.Same(memcg.Wb, world.Throttle.InodeToWb(writing));
        Assert.Equal(0, world.Throttle.IswNrInFlight);
    }

    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void An_offline_memcg_gets_no_wb_and_no_switch_goes_to_it(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var memcg = new MemCgroup("job", 1000);
        var onRoot = world.AddFile(dirty: 1);
        var wb = world.Throttle.WbGetCreate(memcg);
        world.Throttle.MemCgroupCssOffline(memcg);

        Assert.Null(world.Throttle.WbGetCreate(memcg));
        Assert.Null(world.Throttle.WbGetLookup(memcg));

        // A file of the offline memcg dirtied first now is attached to the root wb.
        var fresh = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(fresh.Mapping);
        InodeAttachWbTests.Write(world, fresh, pages: 1);
        Assert.True(fresh.WbAttached);
        Assert.Null(world.Throttle.InodeToWb(fresh));

        world.Throttle.InodeSwitchWbs(onRoot, memcg);
        Assert.False(onRoot.WbSwitch);
        Assert.Equal(0, world.Throttle.IswNrInFlight);
        Assert.Single(world.Throttle.CgroupWbs, wb);
        Assert.Throws<InvalidOperationException>(() => world.Throttle.MemCgroupCssOffline(memcg));
    }

    [Theory]
    [InlineData(KernelEra.V6_9, WbFrnMaxInFlightPlusOne, false)]
    [InlineData(KernelEra.V6_9, 1024, true)]
    [InlineData(KernelEra.V5_0, WbFrnMaxInFlightPlusOne, true)]
    [InlineData(KernelEra.V4_13, WbFrnMaxInFlightPlusOne, true)]
    public void From_5_4_no_switch_is_queued_while_more_than_1024_are_in_flight(KernelEra era, int inFlight, bool queued)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.AddFile(dirty: 1);
        world.Throttle.IswNrInFlight = inFlight;

        world.Throttle.InodeSwitchWbs(inode, new MemCgroup("job", 1000));

        Assert.Equal((queued, inFlight + (queued ? 1 : 0)), (inode.WbSwitch, world.Throttle.IswNrInFlight));
    }

    [Theory]
    [InlineData(KernelEra.V6_9, (ushort)0)]
    [InlineData(KernelEra.V5_0, (ushort)0x001f)]
    public void From_5_3_the_vote_leaves_out_an_offline_memcgs_pages(KernelEra era, ushort history)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Throttle.Bdi.AvgWriteBandwidth = 1;
        var inode = world.AddFile(dirty: 1);
        var memcg = new MemCgroup("job", 1000);
        memcg.Charge(inode.Mapping);
        world.Throttle.MemCgroupCssOffline(memcg);

        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));

        // 6.9: no byte counted, so the root wb's own (0 bytes) wins a round of no IO time.
        Assert.Equal(history, inode.WbFrnHistory);
    }

    private const int WbFrnMaxInFlightPlusOne = Mm.Throttle.DirtyThrottle.WbFrnMaxInFlight + 1;

    /// <summary>An inode of memcg job attached to job's wb, cleaned for I/O: its page under writeback, the I/O not completed.</summary>
    private static (ThrottleWorld World, MemCgroup Memcg, Fs.Inode Inode) CleanInodeOfJob(KernelEra era, Faults? faults = null)
    {
        var world = new ThrottleWorld(faults: faults, config: KernelConfig.Default with { Era = era });
        var memcg = new MemCgroup("job", 1000);
        var inode = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(inode.Mapping);
        world.Kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        Assert.Equal(1L, memcg.Wb!.WritebackPages);
        return (world, memcg, inode);
    }

    /// <summary>On 6.9, two files of memcg "job", each with a page dirtied: the second written and clean again.</summary>
    private static (ThrottleWorld World, MemCgroup Memcg, Fs.Inode Dirty, Fs.Inode Clean) DirtyAndCleanFilesOfJob()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var memcg = new MemCgroup("job", 1000);
        var files = new Fs.Inode[2];
        for (var i = 0; i < files.Length; i++)
        {
            files[i] = world.Kernel.CreateInode(0, world.Fs);
            memcg.Charge(files[i].Mapping);
            world.Kernel.Filemap.AddCachedPage(files[i].Mapping, 0, dirty: true);
        }

        WriteAndComplete(world, files[1]);
        return (world, memcg, files[0], files[1]);
    }

    private static void WriteAndComplete(ThrottleWorld world, Fs.Inode inode)
    {
        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        world.RunAllPending();
    }
}
