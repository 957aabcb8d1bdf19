using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// block_read_full_page (fs/buffer.c, 4.9) returns 0 once it has submitted the reads: the read's
/// outcome reaches the reader through the page (PG_uptodate, PG_error, the unlock), not through
/// the return value, which is an error only when the page cannot be read at all.
/// </summary>
public sealed class BlockReadResultTests
{
    [Fact]
    public void Block_read_full_page_returns_0_with_its_reads_in_flight()
    {
        var run = MpageScenario.Prepare(LayoutParser.Parse("block-size 1024\ni-size 4096\nextent 0-3 at 10\ncached 0\n"), BioOp.Read);
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
        Assert.Equal(4, runtime.Pending.Count);
    }
}
