using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// end_buffer_async_read (4.9): a buffer read that fails clears the buffer's uptodate bit and
/// sets PG_error on the page (SetPageError); the last completion unlocks the page, which stays
/// not uptodate, so the reader sees -EIO.
/// </summary>
public sealed class ReadErrorTests
{
    [Fact]
    public void A_failed_buffer_read_marks_the_page_in_error_and_unlocks_it_not_uptodate()
    {
        // Block 1 is a hole before the mapped block 2: the page goes to block_read_full_page,
        // which reads blocks 0 and 2 by buffer, and both reads fail.
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 4096\nextent 0 at 30\nextent 2 at 32\n"), BioOp.Read);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        run.Kernel.Device.PossibleErrors = [Errno.EIO];
        runtime.Chooser = (kind, count) => kind == ChoiceKind.IoResult ? count - 1 : 0;

        runtime.Run("read", async () => await run.Fs.Readpages(run.Inode.Mapping, [0]));
        runtime.RunAllPending();

        var page = run.Inode.Mapping.Pages.Load(0)!;
        Assert.NotEmpty(run.Log.Confused);
        Assert.True(page.Error);
        Assert.False(page.Uptodate || page.Locked, page.FlagString());
    }
}
