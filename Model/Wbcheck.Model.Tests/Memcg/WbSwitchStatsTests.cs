using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// inode_switch_wbs_work_fn (4.19; inode_do_switch_wbs in 6.x) between two cgroup wbs, with
/// pages under writeback: for each page tagged PAGECACHE_TAG_DIRTY it moves one WB_RECLAIMABLE,
/// and for each tagged PAGECACHE_TAG_WRITEBACK one WB_WRITEBACK, from the old wb to the new,
/// page 0 included; the writeback that then completes is counted on the new wb.
/// </summary>
public sealed class WbSwitchStatsTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void A_switch_between_two_memcgs_moves_each_dirty_and_each_writeback_page_s_count(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        var first = new MemCgroup("first", 1000);
        first.Charge(inode.Mapping);
        InodeAttachWbTests.Write(world, inode, pages: 3);
        world.StartWriteback(inode, 2);
        var from = Assert.Single(world.Throttle.CgroupWbs);
        Assert.Equal((1L, 2L), (from.Reclaimable, from.WritebackPages));
        var second = new MemCgroup("second", 1000);

        world.Throttle.InodeSwitchWbs(inode, second);
        Assert.Equal(["bio 1 endio", "bio 2 endio", "inode_switch_wbs 1"], world.PendingNames);

        // The switch's work alone, the two writes still in flight.
        world.Runtime.RunPending(2);

        var to = world.Throttle.InodeToWb(inode)!;
        Assert.Same(second, to.Memcg);
        Assert.Equal((0L, 0L), (from.Reclaimable, from.WritebackPages));
        Assert.Equal((1L, 2L), (to.Reclaimable, to.WritebackPages));
        Assert.Null(WbAccounting.Check(world.Kernel));

        world.RunAllPending();

        Assert.Equal(0L, to.WritebackPages);
        Assert.Null(WbAccounting.Check(world.Kernel));
    }
    /// <summary>
    /// clear_page_dirty_for_io while a switch is in flight (I_WB_SWITCH set): unlocked_inode_to_wb_begin
    /// takes the i_pages lock (xa_lock_irqsave), so the read of i_wb and the WB_RECLAIMABLE update
    /// are one critical section with no preemption point in it (sleeping there would be a bug).
    /// The two pages cleared for I/O are taken from the old wb, and the switch then moves what is
    /// left: the counts end consistent.
    /// </summary>
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void Writeback_during_a_switch_clears_its_pages_for_io_under_the_i_pages_lock_on_the_old_wb(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        new MemCgroup("first", 1000).Charge(inode.Mapping);
        InodeAttachWbTests.Write(world, inode, pages: 3);
        var from = Assert.Single(world.Throttle.CgroupWbs);
        world.Throttle.InodeSwitchWbs(inode, new MemCgroup("second", 1000));
        Assert.True(inode.WbSwitch);

        world.StartWriteback(inode, 2);

        Assert.Equal((1L, 2L), (from.Reclaimable, from.WritebackPages));
        world.RunAllPending();
        Assert.NotSame(from, world.Throttle.InodeToWb(inode));
        Assert.Null(WbAccounting.Check(world.Kernel));
    }
}
