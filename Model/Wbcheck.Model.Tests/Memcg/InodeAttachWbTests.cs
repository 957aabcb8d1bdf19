using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// inode_attach_wb (cgroup writeback, 4.2): an inode is attached to a wb at its first dirtying
/// (account_page_dirtied, with the page's memcg) and stays there until inode_switch_wbs moves it;
/// its page stats go to that wb, whatever the mapping is charged to afterwards.
/// </summary>
public sealed class InodeAttachWbTests
{
    public static TheoryData<KernelEra> CgwbEras => [KernelEra.V4_13, KernelEra.V4_17, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void Charging_a_mapping_to_a_memcg_after_its_pages_were_dirtied_leaves_the_inode_on_the_root_wb_and_every_wbs_counts_consistent(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        Write(world, inode, pages: 4);
        var memcg = new MemCgroup("job", 50);

        memcg.Charge(inode.Mapping);
        world.StartWriteback(inode, 4);
        world.RunAllPending();

        // The first dirtying (a root task's, of pages charged to the root) attached the root wb:
        // the completions are its, and the memcg's wb, never dirtied, has none (a wb computed
        // from the mapping's memcg at each call took them, WB_DIRTIED 0 - WB_WRITTEN 4).
        Assert.True(inode.WbAttached);
        Assert.Null(world.Throttle.InodeToWb(inode));
        Assert.Equal(4UL, world.Throttle.WbWritten(null));
        Assert.Empty(world.Throttle.CgroupWbs);
        Assert.Null(WbAccounting.Check(world.Kernel));
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_mapping_charged_before_its_first_dirtying_attaches_its_inode_to_the_memcgs_wb_there(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        var memcg = new MemCgroup("job", 50);
        memcg.Charge(inode.Mapping);
        Assert.False(inode.WbAttached);

        Write(world, inode, pages: 2);

        var wb = Assert.Single(world.Throttle.CgroupWbs);
        Assert.Same(wb, world.Throttle.InodeToWb(inode));
        Assert.Equal((2L, 2UL), (wb.Reclaimable, wb.Dirtied));
        Assert.Null(WbAccounting.Check(world.Kernel));
    }

    [Fact]
    public void Before_cgroup_writeback_no_inode_is_attached()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        new MemCgroup("job", 50).Charge(inode.Mapping);

        Write(world, inode, pages: 2);

        Assert.False(inode.WbAttached);
        Assert.Null(world.Throttle.InodeToWb(inode));
    }

    internal static void Write(ThrottleWorld world, Inode inode, int pages, long first = 0)
    {
        var file = world.Kernel.Open(inode);
        world.Run(async () =>
        {
            for (var index = first; index < first + pages; index++)
            {
                await world.Kernel.Filemap.GenericFileWriteIter(file, index);
            }
        });
    }
}
