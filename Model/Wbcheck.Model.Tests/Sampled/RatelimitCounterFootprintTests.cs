using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// balance_dirty_pages_ratelimited_nr (2.6.20 to 2.6.36) adds the pages just dirtied to its CPU's
/// ratelimits counter (under preempt_disable): a write of shared throttle state, so two
/// dirtiers' calls must conflict, or the partial-order reduction takes them for independent and
/// runs one order of two calls that race to the count that makes one of them throttle.
/// </summary>
public sealed class RatelimitCounterFootprintTests
{
    [Fact]
    public void Counting_the_pages_dirtied_writes_the_per_cpu_counter()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_20 });
        var inode = world.AddFile(dirty: 1);
        ulong[] step = [];

        world.Run(() =>
        {
            step = RecordedAccesses.Of(() => _ = world.Throttle.BalanceDirtyPagesRatelimitedNr(inode.Mapping, 1));
            return ValueTask.CompletedTask;
        }, new TaskStruct { Comm = "dd", Cpu = 0 });

        Assert.Contains(step, entry => (entry & 1) == 1 && step.Contains(entry & ~1UL));
    }
}
