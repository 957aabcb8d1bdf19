using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// wbc_attach_fdatawrite_inode (4.2): an fdatawrite attaches an inode never dirtied to the
/// fsyncing task's memcg's wb before it attaches the pass, and the inode stays there when
/// another memcg dirties it later. (Which eras call it for a mapping without dirty pages is
/// __filemap_fdatawrite_range's business: before 5.4 every one, <see cref="KernelEras.FdatawriteSkipsCleanMapping"/>.)
/// </summary>
public sealed class FdatawriteAttachTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void An_fdatawrite_attaches_an_inode_never_dirtied_to_the_fsyncing_tasks_memcg_and_a_later_dirtier_leaves_it_there(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        var memcg = new MemCgroup("job", 1000);
        var fsyncer = new TaskStruct { Comm = "job fsync", Memcg = memcg };
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.All, NrToWrite = WritebackControl.LongMax };

        world.Run(() =>
        {
            world.Kernel.FsWriteback.WbcAttachFdatawriteInode(wbc, inode);
            world.Kernel.FsWriteback.WbcDetachInode(wbc);
            return ValueTask.CompletedTask;
        }, fsyncer);

        var wb = Assert.Single(world.Throttle.CgroupWbs);
        Assert.Same(wb, world.Throttle.InodeToWb(inode));
        Assert.Equal(memcg.Id, wbc.WbId);

        // A root task's dirtying finds the inode attached: it stays on job's wb.
        InodeAttachWbTests.Write(world, inode, pages: 1);
        Assert.Same(wb, world.Throttle.InodeToWb(inode));
        Assert.Equal(1L, wb.Reclaimable);
    }

    [Fact]
    public void A_root_tasks_fdatawrite_attaches_the_root_wb_and_before_cgroup_writeback_nothing()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V4_13 });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.All };
        world.Run(() =>
        {
            world.Kernel.FsWriteback.WbcAttachFdatawriteInode(wbc, inode);
            return ValueTask.CompletedTask;
        });
        Assert.Equal((true, true, MemCgroup.RootId), (inode.WbAttached, wbc.WbAttached, wbc.WbId));
        Assert.Null(world.Throttle.InodeToWb(inode));

        var old = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        var oldInode = old.Kernel.CreateInode(0, old.Fs);
        var oldWbc = new WritebackControl { SyncMode = WritebackSyncMode.All };
        old.Run(() =>
        {
            old.Kernel.FsWriteback.WbcAttachFdatawriteInode(oldWbc, oldInode);
            return ValueTask.CompletedTask;
        });
        Assert.False(oldInode.WbAttached || oldWbc.WbAttached);
    }

    [Theory]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V5_0, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void Until_5_4_fsync_of_a_file_never_dirtied_attaches_it_to_the_fsyncing_tasks_memcg(KernelEra era, bool attached)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        var memcg = new MemCgroup("job", 1000);

        world.Run(async () => await world.Kernel.Filemap.FilemapFdatawriteRange(inode.Mapping, 0, WritebackControl.LLongMax, WritebackSyncMode.All), new TaskStruct { Comm = "job fsync", Memcg = memcg });
        InodeAttachWbTests.Write(world, inode, pages: 1);

        // Attached by the fsync: job's wb, kept by the root's dirtying; else the dirtying's (the root's).
        Assert.Equal(attached, world.Throttle.InodeToWb(inode) is { } wb && wb.Memcg == memcg);
    }
}
