using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The 2010 range writeout (shrink_page_list, patch 5/6) pins the inode with igrab, writes, and
/// drops the pin with iput; the iput is the dangerous end, since the final one evicts the inode
/// (iput_final, evict: truncate_inode_pages waits for every page lock). The observers, and so
/// the context check of <see cref="ReclaimInodeReference"/>, must be told of both ends, or a
/// reclaiming thread's iput under a page lock goes unreported.
/// </summary>
public sealed class ReclaimIputNoticeTests
{
    [Fact]
    public void Reclaim_s_igrab_and_its_iput_are_both_told_to_the_observers()
    {
        var world = new World(pages: 4);
        var notices = new NoticeRecorder();
        world.Kernel.Observers.Add(notices);

        world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutIgrab(world.Page(3), 2, 3));

        // The igrab and the iput were both told to the observers, the reference given back.
        Assert.Equal([true, false], notices.Taken);
        Assert.Equal(1, world.Inode.Count);
    }

    /// <summary>Each inode reference taken (true) or dropped (false), in order.</summary>
    private sealed class NoticeRecorder : IKernelObserver
    {
        public List<bool> Taken { get; } = [];

        public void InodeReferenceChanged(Inode inode, bool taken) => Taken.Add(taken);
    }
}
