using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_memcg_offline (5.14 on, the 6.9 era) queues the one cleanup_offline_cgwbs_work with
/// queue_work, and queue_work_on queues a work only if it wins WORK_STRUCT_PENDING_BIT
/// ("if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))", kernel/workqueue.c,
/// [V] in posted copies of the function): a second memcg taken offline before the work has run
/// queues nothing more, and the one run walks offline_cgwbs for both. The worker clears the bit
/// before it calls the function (process_one_work's set_work_pool_and_clear_pending) [R], so an
/// offline after the run queues the work again.
/// </summary>
public sealed class CleanupOfflineCgwbsQueuedOnceTests
{
    private const string Work = "cleanup_offline_cgwbs";

    [Fact]
    public void Two_memcgs_offlined_before_the_work_runs_queue_it_once_and_one_after_it_ran_queues_it_again()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });

        world.Throttle.MemCgroupCssOffline(new MemCgroup("a", 1000));
        world.Throttle.MemCgroupCssOffline(new MemCgroup("b", 1000));
        Assert.Equal([Work], world.PendingNames);

        world.RunAllPending();
        world.Throttle.MemCgroupCssOffline(new MemCgroup("c", 1000));
        Assert.Equal([Work], world.PendingNames);
    }
}
