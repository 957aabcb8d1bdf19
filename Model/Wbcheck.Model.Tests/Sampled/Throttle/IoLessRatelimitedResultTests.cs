using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages_ratelimited of 3.18 (the model's 3.19 era) returns nothing: the model's one
/// entry for it and 6.0's balance_dirty_pages_ratelimited_flags returns 0 there, whether the task
/// looked at dirty memory or not; only 6.0's BDP_ASYNC can make it -EAGAIN. A caller that checks
/// the result (as 6.0's generic_perform_write does for IOCB_NOWAIT) must not see a task that
/// merely went through balance_dirty_pages as an error.
/// </summary>
public sealed class IoLessRatelimitedResultTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    [Fact]
    public void A_task_that_looked_at_dirty_memory_gets_0()
    {
        // 4,000 pages, dirty_ratio 40: ratelimit_pages about 50, above a fresh task's
        // nr_dirtied_pause of 32.
        var world = new ThrottleWorld(machine: new Machine { TotalPages = 4000 }, config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        var file = world.Kernel.Open(world.AddFile(dirty: 0, clean: 40));

        // 32 pages dirtied without the throttle: nr_dirtied 32 reaches the pause of 32.
        world.Run(async () =>
        {
            for (var index = 0; index < 32; index++)
            {
                await world.Kernel.Filemap.GenericPerformWrite(file, index);
            }
        }, Dd);
        Assert.Equal(32, world.Throttle.DirtiedBy(Dd).NrDirtied);

        var result = world.Run(() => world.Throttle.BalanceDirtyPagesRatelimitedFlags(file.Mapping, BdpFlags.None), Dd);

        Assert.Equal(0, world.Throttle.DirtiedBy(Dd).NrDirtied); // it looked: balance_dirty_pages reset the count
        Assert.Equal(0, result);
    }
}
