using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_writeback goes on "while (work-&gt;nr_pages &gt; 0)" (2.6.36; a for loop testing
/// "if (work-&gt;nr_pages &lt;= 0) break" from 3.1): a work with one page left makes another pass.
/// sync(2)'s WB_SYNC_NONE work (writeback_inodes_sb) is sized when it is queued, at the dirty
/// pages plus one per inode in use; a page dirtied before the flusher runs is written within that
/// count as long as it lasts.
/// </summary>
public sealed class FlusherWorkLastPageTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_work_left_with_one_page_makes_one_more_pass(KernelEra era)
    {
        // Chunks of 4 pages; one file with pages 0-3 dirty: a work of 4 + 1 = 5 pages. A writer
        // that runs once sync waits (before the flusher) dirties page 4 of the same file. The
        // first pass writes its chunk, pages 0-3 (5 - 4 = 1 left); the second writes page 4.
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        var inode = world.AddFile(dirty: 4);
        var file = world.Kernel.Open(inode);
        world.Runtime.Spawn("writer", async () => Assert.True(await world.Kernel.Filemap.GenericFileWriteIter(file, 4) > 0));

        world.Run(() => world.Kernel.FsWriteback.WritebackInodesSb());

        Assert.Equal(5, world.PagesSubmitted);
        Assert.Equal(0L, world.Vmstat.NrFileDirty);
    }
}
