using Wbcheck.Model.Fs;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages of 2.6.29: a task over its limits that has not yet written its chunk
/// waits "congestion_wait(WRITE, HZ/10)" before it looks again. With nothing in flight no
/// completion ends the wait early, so the whole tenth of a second passes: 10 jiffies at HZ 100.
/// </summary>
public sealed class Balance2629CongestionWaitTests
{
    [Fact]
    public void A_task_that_wrote_nothing_waits_a_tenth_of_a_second_then_writes_its_chunk()
    {
        // 100 pages: threshold 40, background 10, midpoint 25; the disk's share is 0 (no
        // completion yet). The file's 60 dirty pages are over both, but its inode is held by
        // another writer (I_LOCK), so writeback_inodes, WB_SYNC_NONE, passes over it: nothing
        // written, nothing in flight, pages_written 0 < 24, and the task waits HZ/10 = 10
        // jiffies. The other writer lets the inode go meanwhile; the next time round the task
        // writes 24 pages, its whole chunk, and leaves.
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V2_6_29 });
        world.Throttle.PageWritebackInit();
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 60);
        file.State |= InodeState.Lock;
        world.Runtime.Spawn("other writer", () =>
        {
            file.State &= ~InodeState.Lock;
            world.Runtime.WakeAll(file.StateQueue);
            return Task.CompletedTask;
        });

        world.Run(() => world.Throttle.BalanceDirtyPagesV2629(file.Mapping, 24));

        Assert.Equal(10, world.Jiffies);
        Assert.Equal(24, world.PagesSubmitted);
    }
}
