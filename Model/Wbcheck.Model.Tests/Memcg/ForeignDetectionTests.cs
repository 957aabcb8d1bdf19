using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// Foreign inode detection wired through writeback (4.2): writeback_single_inode and
/// filemap_fdatawrite attach the pass to the inode, the filesystem's submission counts each page's
/// owner, and the vote at detach switches an inode that another memcg writes to that memcg's wb;
/// the switch work starts the history over.
/// </summary>
public sealed class ForeignDetectionTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void Two_rounds_of_a_foreign_memcgs_pages_on_a_slow_disk_switch_the_inode_and_the_switch_clears_its_history(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Throttle.Bdi.AvgWriteBandwidth = 1;
        var inode = world.AddFile(dirty: 2);
        var memcg = new MemCgroup("job", 1000);
        memcg.Charge(inode.Mapping);

        WriteOneRound(world, inode);
        Assert.Equal((2, (ushort)8192, (ushort)0x001f, false), (inode.WbFrnWinner, inode.WbFrnAvgTime, inode.WbFrnHistory, inode.WbSwitch));

        WriteOneRound(world, inode);
        Assert.Equal(((ushort)0x03ff, true), (inode.WbFrnHistory, inode.WbSwitch));
        Assert.Null(world.Throttle.InodeToWb(inode));

        world.RunAllPending();
        Assert.Same(memcg.Wb, world.Throttle.InodeToWb(inode));
        Assert.Equal((0, (ushort)0, (ushort)0), (inode.WbFrnWinner, inode.WbFrnAvgTime, inode.WbFrnHistory));
        Assert.Null(WbAccounting.Check(world.Kernel, cumulative: false));
    }

    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void An_inode_written_by_its_own_memcg_keeps_its_wb_and_a_clear_history(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Throttle.Bdi.AvgWriteBandwidth = 1;
        var inode = world.AddFile(dirty: 3);

        for (var round = 0; round < 3; round++)
        {
            WriteOneRound(world, inode);
        }

        Assert.Equal((MemCgroup.RootId, (ushort)0, false), (inode.WbFrnWinner, inode.WbFrnHistory, inode.WbSwitch));
        Assert.Equal(0, world.Throttle.IswNrInFlight);
    }

    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void Fsync_votes_too(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Throttle.Bdi.AvgWriteBandwidth = 1;
        var inode = world.AddFile(dirty: 1);
        new MemCgroup("job", 1000).Charge(inode.Mapping);

        world.Run(async () => await world.Kernel.Filemap.FilemapFdatawriteRange(inode.Mapping, 0, WritebackControl.LLongMax, WritebackSyncMode.All));

        Assert.Equal((2, (ushort)0x001f), (inode.WbFrnWinner, inode.WbFrnHistory));
    }

    [Fact]
    public void Before_cgroup_writeback_nothing_is_attached_or_voted()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        var inode = world.AddFile(dirty: 1);
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 };

        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(inode, wbc));

        Assert.Equal((false, 0, (ushort)0), (wbc.WbAttached, inode.WbFrnWinner, inode.WbFrnHistory));
    }

    private static void WriteOneRound(ThrottleWorld world, Fs.Inode inode) =>
        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
}
