using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// __block_write_full_page (4.9): a dirty buffer that is not mapped (dirtied through mmap over
/// a reserved block) is mapped with get_block(inode, block, bh, 1), allocating, and written;
/// mpage hands such a page to -&gt;writepage ("dirty buffer not mapped").
/// </summary>
public sealed class WritepageAllocatesTests
{
    [Fact]
    public void The_fallback_allocates_a_dirty_unmapped_buffer_and_writes_it()
    {
        var run = MpageScenario.Write(LayoutParser.Parse("block-size 2048\ni-size 4096\nextent 0-1 at 20 new\ndirty 0\nbuffers 0 DU DU\n"));
        var page = run.Inode.Mapping.Pages.Load(0)!;

        Assert.Equal([(0L, ConfusedReason.UnmappedDirtyBuffer)], run.Log.Confused.Select(c => (c.Index, c.Reason)));
        Assert.All(page.Buffers!, bh => Assert.True(bh.Mapped, bh.ToString()));
        Assert.Equal(2, run.Log.Records.Count(record => record.Reason == SubmitReason.BufferWrite));
        Assert.Equal(page.Version, run.Kernel.Device.StableVersion(run.Inode, 0));
    }
}
