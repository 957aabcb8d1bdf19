using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// end_buffer_async_write (4.9), for a buffer write that failed: mapping_set_error(-EIO),
/// clear_buffer_uptodate, SetPageError. The buffer no longer holds what is on the disk.
/// </summary>
public sealed class BufferWriteErrorTests
{
    [Fact]
    public void A_failed_buffer_write_leaves_its_buffer_not_uptodate_and_the_page_in_error()
    {
        // Page 1's blocks are apart on the disk: ->writepage writes it buffer by buffer, and both writes fail.
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 2048\ni-size 8192\nextent 0-2 at 10\nextent 3 at 50\ndirty 1\n"), BioOp.Write);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        run.Kernel.Device.PossibleErrors = [Errno.EIO];
        runtime.Chooser = (kind, count) => kind == ChoiceKind.IoResult ? count - 1 : 0;

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity()));
        runtime.RunAllPending();

        var page = run.Inode.Mapping.Pages.Load(1)!;
        Assert.Equal([1L], run.Log.Writepages);
        Assert.True(page.Error);
        Assert.All(page.Buffers!, bh => Assert.False(bh.Uptodate, bh.ToString()));
    }
}
