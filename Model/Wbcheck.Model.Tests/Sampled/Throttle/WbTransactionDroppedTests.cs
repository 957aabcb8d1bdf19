using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// <see cref="Faults.WbTransactionDropped"/> stands for a stat update that reads i_wb bare,
/// without unlocked_inode_to_wb_begin: no RCU reader, and no i_pages lock even while
/// I_WB_SWITCH is set, so a switch in flight may move i_wb between the read and the update:
/// the model opens that window (a preemption point) for it. The kernel's begin, during the same
/// switch, takes the lock and leaves no window.
/// </summary>
public sealed class WbTransactionDroppedTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void During_a_switch_only_the_dropped_transaction_reads_i_wb_unlocked_with_its_window_open(bool dropped)
    {
        var world = new ThrottleWorld(faults: Faults.None with { WbTransactionDropped = dropped }, config: KernelConfig.Default with { Era = KernelEra.V4_20 });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        InodeAttachWbTests.Write(world, inode, pages: 1);
        var memcg = new MemCgroup("job", 1000);
        memcg.Charge(inode.Mapping);
        world.Throttle.InodeSwitchWbs(inode, memcg);
        Assert.True(inode.WbSwitch);
        var seen = (Locked: dropped, Reader: dropped, Window: !dropped); // the opposite of what is expected, until begin runs

        world.Run(() =>
        {
            var cookie = world.Throttle.UnlockedInodeToWbBegin(inode);
            seen = (cookie.Locked, cookie.Reader is not null, world.Throttle.WbTransactionWindowOpen(cookie));
            world.Throttle.UnlockedInodeToWbEnd(cookie);
            return ValueTask.CompletedTask;
        });

        Assert.Equal((!dropped, !dropped, dropped), seen);
    }
}
