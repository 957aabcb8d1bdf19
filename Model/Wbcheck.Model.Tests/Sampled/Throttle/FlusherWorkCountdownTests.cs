using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_writeback from 3.1: writeback_sb_inodes counts the work's nr_pages down inode by inode
/// ("work-&gt;nr_pages -= write_chunk - wbc.nr_to_write"), so each page written is taken off the
/// work once, and the loop goes on "while work-&gt;nr_pages &gt; 0" with progress. sync(2)'s
/// WB_SYNC_NONE pass (writeback_inodes_sb) asks for the dirty pages plus one per dirty inode:
/// with nobody dirtying meanwhile it writes every dirty page.
/// </summary>
public sealed class FlusherWorkCountdownTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Syncs_writeback_pass_writes_every_dirty_page_it_was_sized_for(KernelEra era)
    {
        // Chunks of 4 pages; two files of 6 dirty pages: a work of 12 + 2 = 14 pages, written
        // over several passes of the flusher's loop.
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        world.AddFile(dirty: 6);
        world.AddFile(dirty: 6);

        world.Run(() => world.Kernel.FsWriteback.WritebackInodesSb());

        // Counted once each, the 12 pages leave 2 of the 14 when the last pass finds nothing
        // dirty; counted twice (the walk's count and the loop's), the work would run out with
        // 2 pages still dirty.
        Assert.Equal(12, world.PagesSubmitted);
        Assert.Equal(0L, world.Vmstat.NrFileDirty);
    }
}
