using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_read_full_page (fs/buffer.c, 4.9) of a page wholly in a hole: with no block to read
/// ("if (!nr)") it zeroes the buffers, sets the page uptodate, unlocks it and returns 0, as it
/// does once it has submitted reads: success is 0 either way.
/// </summary>
public sealed class BlockReadHoleResultTests
{
    [Fact]
    public void A_page_in_a_hole_is_made_uptodate_and_unlocked_with_0_and_no_read()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 4096\ncached 0\n"), BioOp.Read);
        var runtime = (SequentialRuntime)run.Kernel.Runtime;
        var page = run.Inode.Mapping.Pages.Load(0)!;
        page.Uptodate = false;
        var result = -1;

        runtime.Run("read", async () =>
        {
            await run.Kernel.Filemap.FolioLock(page);
            result = await run.Fs.Buffers.BlockReadFullPage(page, run.Fs.GetBlock);
        });

        Assert.Equal(0, result);
        Assert.Empty(runtime.Pending);
        Assert.True(page.Uptodate);
        Assert.False(page.Locked);
    }
}
