namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// Both reclaim writearounds of 2010 (Vmscan.RangeWriteout) run inside reclaim, PF_MEMALLOC set
/// for the writeout, and the task leaves reclaim when they return: a task that wrote a page out
/// for reclaim and goes on to take or drop an inode reference is no longer in reclaim context.
/// </summary>
public sealed class ReclaimWriteoutMemallocTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_task_leaves_reclaim_when_the_writearound_returns(bool pinned)
    {
        var world = new World(pages: 2);
        var after = true;

        world.Run(async () =>
        {
            if (pinned)
            {
                await world.Kernel.Vmscan.ReclaimWriteoutPinned(world.Page(1), 0, 1);
            }
            else
            {
                await world.Kernel.Vmscan.ReclaimWriteoutIgrab(world.Page(1), 0, 1);
            }

            after = world.Kernel.Vmscan.CurrentIsReclaiming();
        });

        Assert.True(world.Page(1).Writeback, "the writearound wrote the page");
        Assert.False(after);
    }
}
