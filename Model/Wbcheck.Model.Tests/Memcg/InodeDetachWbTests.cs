using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// inode_detach_wb (cgroup writeback, 4.2): the eviction of an inode (evict, clear_inode, then
/// __destroy_inode) drops the reference its i_wb holds, so a wb whose memcg is offline is
/// released once its last inode is evicted, and no freed wb is touched on the way
/// (<see cref="WbUseAfterFree"/>). Without it (<see cref="Faults.EvictKeepsWbReference"/>) the
/// dying wb outlives its inodes for good.
/// </summary>
public sealed class InodeDetachWbTests
{
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    public void Before_5_14_a_dying_wb_is_released_when_its_last_inode_is_evicted(KernelEra era)
    {
        var (world, memcg, file) = WrittenFileOfJob(era, Faults.None);
        var wb = memcg.Wb!;
        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();
        Assert.Equal((false, 1L), (wb.Freed, wb.Refcnt)); // no cleanup before 5.14: the inode holds it

        Evict(world, file);

        Assert.True(wb.Freed);
        Assert.False(file.WbAttached);
        Assert.Null(world.Throttle.InodeToWb(file));
        Assert.DoesNotContain(wb, world.Throttle.CgroupWbs);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    public void A_wb_whose_inode_was_evicted_is_released_when_its_memcg_goes_offline(KernelEra era)
    {
        var (world, memcg, file) = WrittenFileOfJob(era, Faults.None);
        var wb = memcg.Wb!;

        Evict(world, file);
        Assert.Equal((false, 1L), (wb.Freed, wb.Refcnt)); // the initial reference alone
        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        Assert.True(wb.Freed);
        Assert.Empty(world.Throttle.OfflineCgwbs);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void An_eviction_that_keeps_the_wb_reference_leaks_the_dying_wb(KernelEra era)
    {
        var (world, memcg, file) = WrittenFileOfJob(era, Faults.None with { EvictKeepsWbReference = true });
        var wb = memcg.Wb!;

        Evict(world, file);
        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();

        // No inode points to the wb, yet it holds a reference: the 6.9 cleanup finds nothing to
        // switch on b_attached, and no put will ever come.
        Assert.Equal((false, 1L), (wb.Freed, wb.Refcnt));
        Assert.DoesNotContain(world.Kernel.Inodes, inode => world.Throttle.InodeToWb(inode) == wb);
    }

    [Fact]
    public void Before_cgroup_writeback_an_eviction_detaches_nothing()
    {
        var (world, memcg, file) = WrittenFileOfJob(KernelEra.V3_19, Faults.None);

        Evict(world, file);

        Assert.Null(memcg.Wb);
        Assert.False(file.WbAttached);
    }

    private static void Evict(ThrottleWorld world, Inode inode)
    {
        inode.Nlink = 0;
        world.Run(() => world.Kernel.Vfs.Iput(inode));
        world.RunAllPending();
        Assert.True(inode.Evicted);
    }

    /// <summary>A file of memcg job whose dirty page a writeback pass wrote: clean, attached to job's wb (i_wb's reference).</summary>
    private static (ThrottleWorld World, MemCgroup Memcg, Inode File) WrittenFileOfJob(KernelEra era, Faults faults)
    {
        var world = new ThrottleWorld(faults: faults, config: KernelConfig.Default with { Era = era });
        var memcg = new MemCgroup("job", 1000);
        var file = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(file.Mapping);
        world.Kernel.Filemap.AddCachedPage(file.Mapping, 0, dirty: true);
        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(file, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        world.RunAllPending();
        return (world, memcg, file);
    }
}
