using Wbcheck.Model.Fs;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The BalanceReturnsBeforeItsChunk fault changes one thing in 2.6.20's balance_dirty_pages:
/// "if (pages_written &gt;= write_chunk) break" becomes "once it wrote any page". A time round
/// that wrote nothing is still followed, as in the kernel, by congestion_wait(WRITE, HZ/10) and
/// another look; the fault must not also let a task that wrote nothing go.
/// </summary>
public sealed class BalanceChunkFaultTests
{
    [Fact]
    public void With_the_fault_a_task_that_wrote_nothing_still_waits_and_tries_again()
    {
        // 100 pages, threshold 40: 60 dirty pages are over it. The inode is held by another
        // writer (I_LOCK), so writeback_inodes passes over it: nothing written, nothing in
        // flight; the task waits HZ/10 = 10 jiffies, the other writer lets go meanwhile, and
        // the next time round the task writes (its chunk of 24, which 2.6.20's write_cache_pages
        // rounds up to the end of its pagevec of 14: 28 pages) and with the fault leaves.
        var world = new ThrottleWorld(faults: Faults.None with { BalanceReturnsBeforeItsChunk = true }, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 60);
        file.State |= InodeState.Lock;
        world.Runtime.Spawn("other writer", () =>
        {
            file.State &= ~InodeState.Lock;
            world.Runtime.WakeAll(file.StateQueue);
            return Task.CompletedTask;
        });

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(10, world.Jiffies);
        Assert.Equal(28, world.PagesSubmitted);
    }
}
