using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_write_full_page (fs/buffer.c, 4.9) of a page wholly past i_size, "if (page-&gt;index &gt;=
/// end_index+1 || !offset)": truncate is on its way to remove it, so it is neither zeroed nor
/// written: do_invalidatepage drops its buffers and the page is unlocked, never under writeback.
/// Both halves of the test: an i_size inside an earlier page, and one at a page boundary.
/// </summary>
public sealed class BlockWritePastEofTests
{
    [Theory]
    [InlineData(4096, 1)] // offset 0: page 1 starts at i_size
    [InlineData(6000, 2)] // offset 1904: page 2 starts past the page i_size ends in
    public void The_fallback_drops_the_buffers_of_a_page_wholly_past_i_size_and_writes_nothing(long iSize, long pastEof)
    {
        // mpage gives the page to ->writepage confused (past EOF); block_write_full_page drops it.
        var run = MpageScenario.Prepare(LayoutParser.Parse("i-size 12288\nextent 0-2 at 40\ndirty 0-2\n"), BioOp.Write);
        run.Inode.Size = iSize;
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var written = run.Kernel.Vmstat.NrWritten;

        runtime.Run("writeback", async () => await run.Kernel.PageWriteback.DoWritepages(run.Inode.Mapping, WritebackControl.Integrity()));
        runtime.RunAllPending();

        var page = run.Inode.Mapping.Pages.Load(pastEof)!;
        Assert.Null(page.Buffers);
        Assert.False(page.Writeback || page.Locked, page.FlagString());
        Assert.Equal(written + pastEof, run.Kernel.Vmstat.NrWritten); // the pages before it only
    }
}
