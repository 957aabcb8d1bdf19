using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// __folio_end_writeback (6.9): "if (!mapping_tagged(mapping, PAGECACHE_TAG_WRITEBACK))
/// wb_inode_writeback_end(wb)": an inode leaves the wb's count of inodes under writeback when
/// its last page under writeback ends, whatever that page's index, not before.
/// </summary>
public sealed class InodeWritebackEndTests
{
    [Fact]
    public void An_inode_stays_under_writeback_until_its_page_0_ends_too()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var inode = world.AddFile(dirty: 2);
        world.StartWriteback(inode, 2);
        var bw = world.Throttle.Bdi;
        Assert.Equal((2, 1L), (world.Runtime.Pending.Count, bw.WritebackInodes));

        // Page 1's write completes first: page 0 is still under writeback.
        world.Runtime.RunPending(1);
        Assert.Equal((false, true), (inode.Mapping.Pages.Load(1)!.Writeback, inode.Mapping.Pages.Load(0)!.Writeback));
        Assert.Equal(1L, bw.WritebackInodes);

        world.Runtime.RunPending(0);
        Assert.Equal(0L, bw.WritebackInodes);
    }
}
