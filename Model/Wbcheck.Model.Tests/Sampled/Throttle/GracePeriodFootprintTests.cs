using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Tests.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// inode_switch_wbs queues the switch behind an RCU grace period (call_rcu, 4.19; queue_rcu_work,
/// 5.14): the work goes on only once every reader that was in an unlocked_inode_to_wb section
/// has left it (rcu_read_unlock in unlocked_inode_to_wb_end). The grace period's look at the
/// readers and a reader's leaving therefore depend on each other: their order decides whether
/// the work sleeps. The step that looks must conflict with the step that leaves, or the
/// partial-order reduction runs only one of the two orders.
/// </summary>
public sealed class GracePeriodFootprintTests
{
    [Fact]
    public void The_grace_period_s_look_at_the_readers_conflicts_with_a_reader_leaving()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V4_20 });
        var inode = world.Kernel.CreateInode(0, world.Fs);
        InodeAttachWbTests.Write(world, inode, pages: 1);
        var memcg = new MemCgroup("job", 1000);
        memcg.Charge(inode.Mapping);
        DirtyThrottle.WbLockCookie cookie = default;
        world.Run(() =>
        {
            cookie = world.Throttle.UnlockedInodeToWbBegin(inode);
            return ValueTask.CompletedTask;
        });
        world.Throttle.InodeSwitchWbs(inode, memcg);
        world.Runtime.RunPendingWhenBlocked = false;

        // The switch work's first step: the grace period looks, finds the reader, and sleeps.
        var look = RecordedAccesses.Of(() => Assert.Throws<WouldBlockException>(() => world.Runtime.RunPending(0)));
        var leave = RecordedAccesses.Of(() => world.Throttle.UnlockedInodeToWbEnd(cookie));

        Assert.NotEmpty(look);
        Assert.Contains(look, entry => leave.Any(other => other >> 1 == entry >> 1 && ((other | entry) & 1) == 1));
    }
}
