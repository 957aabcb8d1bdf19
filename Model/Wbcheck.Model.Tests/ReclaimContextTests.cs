using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// PF_MEMALLOC (memalloc_noreclaim_save/restore around direct reclaim, and kswapd's for its
/// life): set while a thread reclaims and cleared when it leaves, so that what the thread does
/// after reclaim (an iput under a page lock, which the reclaim context check forbids only in
/// reclaim) is judged as ordinary kernel code.
/// </summary>
public sealed class ReclaimContextTests
{
    [Fact]
    public void A_thread_is_in_reclaim_only_while_it_reclaims()
    {
        var world = new World(pages: 2, dirty: false);
        var locks = new LockWatch(world.Kernel);
        world.Kernel.Observers.Add(locks);
        var outside = new List<bool>();

        world.Run(async () =>
        {
            outside.Add(world.Kernel.Vmscan.CurrentIsReclaiming());
            await world.Kernel.Vmscan.ReclaimOne();
            outside.Add(world.Kernel.Vmscan.CurrentIsReclaiming());
            await world.Kernel.Vmscan.ReclaimOne();
            outside.Add(world.Kernel.Vmscan.CurrentIsReclaiming());
        });

        Assert.Equal([true, true], locks.InReclaim); // shrink_folio_list's folio_trylock of each page
        Assert.Equal([false, false, false], outside);
    }

    private sealed class LockWatch(Kernel kernel) : IKernelObserver
    {
        public List<bool> InReclaim { get; } = [];

        public void PageLocked(Page page) => InReclaim.Add(kernel.Vmscan.CurrentIsReclaiming());
    }
}
