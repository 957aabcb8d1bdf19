namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The 2010 range writeout runs inside page reclaim (PF_MEMALLOC, which shrink_page_list's caller
/// set) and the task leaves reclaim when it returns: an iput the same task makes afterwards, out
/// of reclaim, is no reclaim-context iput. The model's reclaim marker must be dropped on the way
/// out, or every later inode reference change of that task is reported as made in reclaim.
/// </summary>
public sealed class ReclaimWriteoutLeavesReclaimTests
{
    [Fact]
    public void A_task_is_out_of_reclaim_again_once_the_range_writeout_returns()
    {
        var world = new World(pages: 4);
        var vmscan = world.Kernel.Vmscan;
        var after = true;

        world.Run(async () =>
        {
            await vmscan.ReclaimWriteoutIgrab(world.Page(3), 2, 3);
            after = vmscan.CurrentIsReclaiming();
        });

        Assert.False(after);
        Assert.False(world.Page(3).Dirty);
    }
}
