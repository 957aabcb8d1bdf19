using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// inode_switch_wbs (cgroup writeback, 4.2): I_WB_SWITCH at once, the move after a grace period
/// in a work item of its own: WB_RECLAIMABLE and WB_WRITEBACK go with the inode to the new wb,
/// WB_DIRTIED and WB_WRITTEN stay where they were counted; later stat updates go to the new wb.
/// </summary>
public sealed class InodeSwitchWbsTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void A_switch_moves_the_inodes_dirty_and_writeback_counts_to_the_new_wb_after_its_work_runs(KernelEra era)
    {
        var (world, inode, memcg) = ChargedToJob(era);

        world.Throttle.InodeSwitchWbs(inode, memcg);

        // Claimed, not moved: the work waits behind its grace period.
        Assert.True(inode.WbSwitch);
        Assert.Null(world.Throttle.InodeToWb(inode));
        Assert.Equal(1, world.Throttle.IswNrInFlight);

        world.RunAllPending();

        // Moved, and woken: the memcg's 3 dirty pages are over its background threshold, so the
        // new wb's flusher wrote them. The clean for I/O and the completions were the new wb's
        // (had the counts stayed on the root, its WB_RECLAIMABLE would be -3 now); WB_DIRTIED
        // stayed on the root wb, where the pages were dirtied.
        var wb = Assert.Single(world.Throttle.CgroupWbs);
        Assert.Same(wb, world.Throttle.InodeToWb(inode));
        Assert.False(inode.WbSwitch);
        Assert.Equal(0, world.Throttle.IswNrInFlight);
        Assert.Equal((0L, 0L, 0UL, 3UL), (wb.Reclaimable, wb.WritebackPages, wb.Dirtied, wb.Written));
        Assert.Equal((3UL, 0UL), (world.Throttle.WbDirtied(null), world.Throttle.WbWritten(null)));
        Assert.Null(WbAccounting.Check(world.Kernel));
    }

    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void A_switch_to_the_wb_the_inode_is_on_or_of_an_inode_never_dirtied_or_already_switching_is_a_no_op(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var memcg = new MemCgroup("job", 1000);
        var onRoot = world.Kernel.CreateInode(0, world.Fs);
        InodeAttachWbTests.Write(world, onRoot, pages: 1);
        var neverDirtied = world.Kernel.CreateInode(0, world.Fs);

        world.Throttle.InodeSwitchWbs(onRoot, null);
        world.Throttle.InodeSwitchWbs(neverDirtied, memcg);
        Assert.False(onRoot.WbSwitch || neverDirtied.WbSwitch);
        Assert.Equal(0, world.Throttle.IswNrInFlight);

        world.Throttle.InodeSwitchWbs(onRoot, memcg);
        world.Throttle.InodeSwitchWbs(onRoot, memcg);
        Assert.Equal(1, world.Throttle.IswNrInFlight);
    }

    [Fact]
    public void Before_cgroup_writeback_a_switch_is_refused()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        var inode = world.Kernel.CreateInode(0, world.Fs);

        var refused = Assert.Throws<InvalidOperationException>(() => world.Throttle.InodeSwitchWbs(inode, new MemCgroup("job", 10)));

        Assert.Contains("4.13", refused.Message);
    }

    /// <summary>3 dirty pages on the root wb, charged to memcg job, whose background threshold they pass.</summary>
    internal static (ThrottleWorld World, Inode Inode, MemCgroup Memcg) ChargedToJob(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        InodeAttachWbTests.Write(world, inode, pages: 3);
        var memcg = new MemCgroup("job", 1000);
        memcg.Charge(inode.Mapping);
        return (world, inode, memcg);
    }
}
