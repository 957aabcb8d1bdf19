using Wbcheck.Model.Tests.Memcg;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// inode_switch_wbs_work_fn (4.19; inode_do_switch_wbs from 5.14, the 6.9 era) skips an inode
/// whose eviction began during the grace period ("if (unlikely(inode-&gt;i_state &amp; (I_FREEING |
/// I_WILL_FREE))) goto skip_switch"), and wakes the new wb and puts the old wb's references only
/// "if (nr_switched)": a work that moved nothing leaves the new wb's flusher asleep.
/// </summary>
public sealed class SwitchOfFreeingInodeTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void A_switch_work_that_finds_its_inode_being_freed_moves_nothing_and_wakes_no_flusher(KernelEra era)
    {
        // The setting of InodeSwitchWbsTests: a woken flusher of the memcg's wb would run.
        var (world, inode, memcg) = InodeSwitchWbsTests.ChargedToJob(era);
        world.Throttle.InodeSwitchWbs(inode, memcg);
        var work = Assert.Single(world.Runtime.Pending, thread => thread.Name == $"inode_switch_wbs {inode.Ino}");

        // Eviction sets I_FREEING while the work waits for its grace period.
        inode.Freeing = true;
        world.Runtime.RunPending(world.Runtime.Pending.ToList().IndexOf(work));

        var wb = Assert.Single(world.Throttle.CgroupWbs);
        Assert.Null(world.Throttle.InodeToWb(inode));
        Assert.False(inode.WbSwitch);
        Assert.Equal(0, world.Throttle.IswNrInFlight);
        Assert.False(wb.FlusherWoken);
        Assert.DoesNotContain(world.PendingNames, name => name.StartsWith("flusher", StringComparison.Ordinal));
    }
}
