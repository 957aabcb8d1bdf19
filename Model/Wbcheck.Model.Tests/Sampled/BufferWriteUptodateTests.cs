using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// end_buffer_async_write (4.9), for a buffer write that succeeded: "if (uptodate) {
/// set_buffer_uptodate(bh); }" [R]: the buffer holds what is on the disk again. A dirty buffer that
/// is not uptodate is what a failed write leaves once the page is dirtied again
/// (<see cref="BufferWriteErrorTests"/>: clear_buffer_uptodate; __set_page_dirty_buffers then dirties
/// every buffer). mpage_writepage will not take such a page ("if (!buffer_dirty(bh) ||
/// !buffer_uptodate(bh)) goto confused" [R]), so -&gt;writepage writes it buffer by buffer, and
/// when both writes complete both buffers are uptodate.
/// </summary>
public sealed class BufferWriteUptodateTests
{
    [Fact]
    public void A_buffer_written_without_error_is_uptodate_after_its_write()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 2048\ni-size 8192\nextent 0-3 at 10\ndirty 1\nbuffers 1 MD MD\n"), Block.BioOp.Write);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(1)!;
        Assert.All(page.Buffers!, bh => Assert.False(bh.Uptodate, bh.ToString()));

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity()));
        runtime.RunAllPending();

        Assert.Equal([1L], run.Log.Writepages);
        Assert.False(page.Error);
        Assert.All(page.Buffers!, bh => Assert.True(bh.Uptodate && !bh.Dirty, bh.ToString()));
    }
}
